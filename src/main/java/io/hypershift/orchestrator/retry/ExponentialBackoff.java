package io.hypershift.orchestrator.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter between attempts: the initial pause, doubled per failure, capped. */
public final class ExponentialBackoff {

    private final long initialMillis;
    private final long maxMillis;

    public ExponentialBackoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The pause after the {@code failures}-th failed attempt (1 for the first). */
    public long millisAfter(int failures) {
        long pause = initialMillis;
        for (int failure = 1; failure < failures && pause < maxMillis; failure++) {
            pause *= 2;
        }
        long capped = Math.min(pause, maxMillis);
        // Between half and all of it, so callers that failed together do not all retry at the same instant.
        long half = capped / 2;
        return half + ThreadLocalRandom.current().nextLong(capped - half + 1);
    }
}
