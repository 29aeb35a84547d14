package io.hypershift.orchestrator.queue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumers take jobs from hypershift-runs and execute them. Two consumers in one test JVM are two
 * instances of the consumer class, each with its own id, processing list and heartbeat, inside the
 * one application under test — as two worker processes would be.
 */
@QuarkusTest
@TestProfile(RedisQueueProfile.class)
class RedisConsumerTest extends RedisQueueTestSupport {

    @Test
    void runsTakenByTwoConsumersAllCompleteWithEachStepCalledOnce() {
        RedisJobConsumer first = startConsumer("first", 2);
        RedisJobConsumer second = startConsumer("second", 2);

        List<String> runIds = IntStream.range(0, 10).mapToObj(i -> startedRun()).toList();

        runIds.forEach(this::awaitCompletedWithEachStepOnce);
        assertThat(first.peakExecuting()).isBetween(1, 2);
        assertThat(second.peakExecuting()).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> processing(first).isEmpty() && processing(second).isEmpty());
        assertThat(redis.list("HKEYS", DELIVERIES)).doesNotContainAnyElementsOf(runIds);
    }

    @Test
    void aConsumerNeverExecutesMoreJobsThanItsConcurrency() {
        List<String> runIds = IntStream.range(0, 6).mapToObj(i -> startedRun()).toList();
        RedisJobConsumer consumer = startConsumer("bounded", 2);

        // Observed from Redis too: the consumer never holds more jobs than it may execute.
        AtomicInteger peakHeld = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            peakHeld.accumulateAndGet(processing(consumer).size(), Math::max);
            return runIds.stream().allMatch(runId -> "completed".equals(api.run(runId).getString("status")));
        });

        assertThat(peakHeld.get()).isEqualTo(2);
        assertThat(consumer.peakExecuting()).isEqualTo(2);
        runIds.forEach(this::awaitCompletedWithEachStepOnce);
    }

    @Test
    void stoppingAConsumerLetsItsRunningJobsFinishAndTakesNoMore() {
        List<String> runIds = IntStream.range(0, 4).mapToObj(i -> startedRun()).toList();
        RedisJobConsumer consumer = startConsumer("draining", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.executing() == 2);
        List<String> inFlight = new ArrayList<>(processing(consumer));

        consumers.stop(consumer, Duration.ofSeconds(20));

        assertThat(consumer.state()).isEqualTo(RedisJobConsumer.State.STOPPED);
        assertThat(processing(consumer)).isEmpty();
        assertThat(redis.call("EXISTS", "hypershift-runs:heartbeat:" + consumer.id())).isEqualTo("0");
        for (String runId : runIds) {
            if (inFlight.contains(job(runId))) {
                assertThat(api.run(runId).getString("status")).isEqualTo("completed");
            } else {
                assertThat(completedSteps(runId)).isEmpty();
                assertThat(queued()).contains(job(runId));
            }
        }
        assertThat(inFlight).hasSize(2);

        startConsumer("successor", 2);
        runIds.forEach(this::awaitCompletedWithEachStepOnce);
    }

    @Test
    void aConsumerStoppedPastItsGracePeriodPutsItsRunningJobsBackAtTheFront() {
        String runId = startedRun();
        RedisJobConsumer consumer = startConsumer("impatient", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.executing() == 1);

        consumers.stop(consumer, Duration.ZERO);

        assertThat(processing(consumer)).isEmpty();
        assertThat(redis.call("LINDEX", QUEUE, "-1")).isEqualTo(job(runId));
        // The pipeline cut off by the grace period goes on until the process exits; here the
        // process lives on, so let it end before the next consumer takes the job again.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.executing() == 0);

        startConsumer("successor", 1);
        awaitCompletedWithEachStepOnce(runId);
        await().atMost(Duration.ofSeconds(5)).until(() -> !queued().contains(job(runId)));
    }
}
