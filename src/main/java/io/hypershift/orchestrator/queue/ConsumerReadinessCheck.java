package io.hypershift.orchestrator.queue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Locale;

/** In a consuming process: ready while every consumer is running and reaches Redis. */
@Readiness
@ApplicationScoped
class ConsumerReadinessCheck implements HealthCheck {

    private final JobConsumers consumers;

    ConsumerReadinessCheck(JobConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("job-consumers").up();
        if (consumers.expected() && consumers.running().isEmpty()) {
            response.down().withData("error", "no consumer is running");
        }
        for (RedisJobConsumer consumer : consumers.running()) {
            boolean ready = consumer.state() == RedisJobConsumer.State.RUNNING && consumer.connected();
            response.withData(consumer.id(), consumer.state().name().toLowerCase(Locale.ROOT) + (consumer.connected() ? "" : ", Redis unreachable"));
            if (!ready) {
                response.down();
            }
        }
        return response.build();
    }
}
