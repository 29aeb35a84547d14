package io.hypershift.orchestrator.queue;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Ready only while Redis answers, when Redis is configured: without it no run can start. */
@Readiness
@ApplicationScoped
class RedisReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "job-queue";
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final QueueMode mode;
    private final RedisJobLists lists;

    RedisReadinessCheck(QueueMode mode, RedisJobLists lists) {
        this.mode = mode;
        this.lists = lists;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (mode.inProcess()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("queue", "in-process").build());
        }
        return lists.ping().ifNoItem().after(PING_TIMEOUT).fail()
                .map(ok -> HealthCheckResponse.named(NAME).up().withData("queue", "redis").build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("queue", "redis").withData("error", failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName())
                        .build());
    }
}
