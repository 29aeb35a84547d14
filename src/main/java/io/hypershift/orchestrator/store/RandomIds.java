package io.hypershift.orchestrator.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable identifiers and secrets. */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** {@code bytes} random bytes as lowercase hex (twice as many characters). */
    public static String hex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
