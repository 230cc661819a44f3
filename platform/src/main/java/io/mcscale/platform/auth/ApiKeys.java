package io.mcscale.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Users' API keys: {@code mcs_} and 32 random bytes in base64url (43 characters), made by {@link SecureRandom}.
 *
 * <p>The store keeps only a key's SHA-256, never the key. A plain fast hash is right here, as GitHub and Stripe
 * do for their tokens: a slow, salted password hash (bcrypt, Argon2) exists to make guessing a low-entropy
 * password from a stolen hash expensive, but a key of 256 random bits cannot be guessed at any hash speed. A fast
 * unsalted hash also lets a request find its user with one indexed equality lookup instead of a slow check
 * against every user, and costs microseconds, not the 100 ms of CPU a password hash spends on every request.
 *
 * <p>What may be shown of a key, in listings, logs and errors, is its {@link #SHOWN_CHARACTERS} first
 * characters after {@code mcs_}: enough to tell keys apart, 24 bits of 256.
 */
public final class ApiKeys {
    /** Every mcscale API key starts with this, so that a leaked one is easy to recognise (and to scan for). */
    public static final String KEY_START = "mcs_";
    /** How many characters of the secret part a listing or a message may show. */
    public static final int SHOWN_CHARACTERS = 4;
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new random key, with what the store keeps of it. */
    public static IssuedKey issue() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        String key = KEY_START + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new IssuedKey(key, sha256(key), key.substring(KEY_START.length(), KEY_START.length() + SHOWN_CHARACTERS));
    }

    /** The SHA-256 of the key's text, in lower-case hex: what the store keeps and looks keys up by. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * How a presented key may be named in a message: {@code mcs_AbCd...} for something shaped like one of our keys,
     * else a description that shows none of it (a short or foreign secret would be mostly shown by 4 characters).
     */
    public static String describe(String presented) {
        if (presented.startsWith(KEY_START) && presented.length() >= KEY_START.length() + 2 * SHOWN_CHARACTERS) {
            return "'" + shown(presented.substring(KEY_START.length(), KEY_START.length() + SHOWN_CHARACTERS)) + "'";
        }
        return "given (it is not an mcscale API key: those start with " + KEY_START + ")";
    }

    /** The listing form of a key whose first secret characters are {@code prefix}: {@code mcs_AbCd...}. */
    public static String shown(String prefix) {
        return KEY_START + prefix + "...";
    }
}
