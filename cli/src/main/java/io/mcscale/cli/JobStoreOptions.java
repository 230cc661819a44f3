package io.mcscale.cli;

import io.mcscale.platform.store.JobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where the platform's job store is, as {@code mcscale platform} takes it: SQLite in {@code --data-dir},
 * or PostgreSQL with {@code --store postgres --jdbc-url ... --db-user ... --db-password-file ...}.
 * A picocli mixin, so every command that opens the store takes the same options.
 */
final class JobStoreOptions {
    private static final Logger log = LoggerFactory.getLogger(JobStoreOptions.class);

    /** The store kinds users type. */
    enum StoreOption { sqlite, postgres }

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the SQLite job store, shared by instances on this machine "
            + "(default ~/.mcscale/platform).")
    Path dataDir;

    @Option(names = "--store", paramLabel = "sqlite|postgres", defaultValue = "sqlite", description = "Job store: sqlite or postgres (default ${DEFAULT-VALUE}).")
    StoreOption store;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL URL for --store postgres, e.g. jdbc:postgresql://10.0.0.5:5432/mcscale "
            + "(no password in it: every user of the machine can read a command line).")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user for --store postgres (default: the URL's user parameter).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "File holding the PostgreSQL password (else env PLATFORM_DB_PASSWORD_FILE, "
            + "else env PLATFORM_DB_PASSWORD; with none, the server must not ask for one).")
    Path dbPasswordFile;


    JobStore open() {
        if (store == StoreOption.postgres) {
            if (jdbcUrl == null) {
                throw new IllegalArgumentException("--store postgres needs --jdbc-url, "
                        + "e.g. jdbc:postgresql://10.0.0.5:5432/mcscale --db-user mcscale --db-password-file FILE");
            }
            if (jdbcUrl.contains("password=")) {
                log.warn("--jdbc-url carries a password, which every user of this machine can read in its command line: "
                        + "move it to a file and pass --db-password-file FILE (or env PLATFORM_DB_PASSWORD_FILE)");
            }
            return JobStore.postgres(jdbcUrl, dbUser, databasePassword());
        }
        if (jdbcUrl != null || dbUser != null || dbPasswordFile != null) {
            throw new IllegalArgumentException("--jdbc-url, --db-user and --db-password-file are only for --store postgres; "
                    + "SQLite lives in --data-dir");
        }
        return JobStore.sqlite(dataDirectory());
    }

    Path dataDirectory() {
        return dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".mcscale", "platform");
    }

    String describe() {
        return store == StoreOption.postgres ? "postgres" : "sqlite at " + dataDirectory().toAbsolutePath();
    }

    /** From --db-password-file, env PLATFORM_DB_PASSWORD_FILE (systemd's LoadCredential= gives a file) or PLATFORM_DB_PASSWORD. */
    private String databasePassword() {
        if (dbPasswordFile != null) {
            return readSecret(dbPasswordFile, "--db-password-file");
        }
        String file = System.getenv("PLATFORM_DB_PASSWORD_FILE");
        if (file != null && !file.isBlank()) {
            return readSecret(Path.of(file.trim()), "PLATFORM_DB_PASSWORD_FILE");
        }
        String fromEnv = System.getenv("PLATFORM_DB_PASSWORD");
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }


    /** The file's content without its surrounding white space; the content is never part of a message. */
    static String readSecret(Path file, String source) {
        try {
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(source + " " + file + " is empty; put the secret in it");
            }
            return secret;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(source + " " + file + " cannot be read: there is no such file; check the path");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(source + " " + file + " cannot be read: permission denied; let this user read it");
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
