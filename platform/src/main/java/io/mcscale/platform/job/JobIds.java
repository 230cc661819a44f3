package io.mcscale.platform.job;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes job ids: UUIDs of version 7 (RFC 9562), whose first 48 bits are the submission time in
 * milliseconds, so ids sort by age and index well, and the rest is random, so ids cannot be guessed.
 */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String newId(Instant now) {
        long millis = now.toEpochMilli();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
