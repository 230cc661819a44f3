package io.mcscale.scaler.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The admin API's Bearer token. When {@code ADMIN_TOKEN} is not configured the daemon generates
 * one into {@code DATA_DIR/admin-token} (mode 0600, readable only by the service user), and the
 * CLI commands on the same machine read it from there.
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin-token";

    private AdminToken() {
    }

    /** The configured token, else the one in the data dir, else a new one written there. */
    public static String loadOrCreate(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return configured.get();
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Optional<String> existing = read(file);
            if (existing.isPresent()) {
                return existing.get();
            }
            Files.createDirectories(dataDir);
            String token = HexFormat.of().formatHex(random());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return read(file).orElseThrow();
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token for a client: the configured one, else the daemon's file; empty when neither exists. */
    public static Optional<String> forClient(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return configured;
        }
        try {
            return read(dataDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage()
                    + " (run as the autoscaler's user, or set ADMIN_TOKEN)", e);
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static byte[] random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
