package io.hypershift.orchestrator.queue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.util.Locale;

/**
 * Alive unless a consumer loop has died: then only a restart helps. A Redis outage is not a
 * reason to restart (the loop reconnects by itself), so it shows in readiness only.
 */
@Liveness
@ApplicationScoped
class ConsumerLivenessCheck implements HealthCheck {

    private final JobConsumers consumers;

    ConsumerLivenessCheck(JobConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("job-consumer-loops").up();
        for (RedisJobConsumer consumer : consumers.running()) {
            response.withData(consumer.id(), consumer.state().name().toLowerCase(Locale.ROOT));
            if (consumer.state() == RedisJobConsumer.State.FAILED) {
                response.down();
            }
        }
        return response.build();
    }
}
