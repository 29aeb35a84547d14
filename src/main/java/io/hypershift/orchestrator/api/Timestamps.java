package io.hypershift.orchestrator.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The contract's time format: ISO-8601 UTC with milliseconds, {@code 2026-12-04T10:15:30.123Z}. */
final class Timestamps {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String iso(Long epochMillis) {
        return epochMillis == null ? null : ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }
}
