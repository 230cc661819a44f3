package io.mcscale.platform.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

/** The checks behind {@link StoreHealth} and readiness: the SQLite file is still the one opened, a write succeeds, the database answers. */
final class StoreProbes {
    private final JobDatabase db;
    /** SQLite: the database file, and its identity (device and inode) when opened; null for PostgreSQL. */
    private final Path databaseFile;
    private volatile Object databaseFileKey;

    StoreProbes(JobDatabase db, Path databaseFile) {
        this.db = db;
        this.databaseFile = databaseFile;
    }

    /** SQLite: remembers the identity of the file just opened, to notice later that it was deleted or replaced. */
    void rememberDatabaseFile() throws IOException {
        databaseFileKey = Files.readAttributes(databaseFile, BasicFileAttributes.class).fileKey();
    }

    Optional<String> databaseFileProblem() {
        if (databaseFile == null || databaseFileKey == null) {
            return Optional.empty();
        }
        try {
            Object key = Files.readAttributes(databaseFile, BasicFileAttributes.class).fileKey();
            return key == null || key.equals(databaseFileKey) ? Optional.empty()
                    : Optional.of(databaseFile + " is not the file this instance opened (it was deleted or replaced); restore it or restart the instance");
        } catch (NoSuchFileException e) {
            return Optional.of(databaseFile + " was deleted since this instance opened it; restore it or restart the instance");
        } catch (IOException e) {
            return Optional.of(databaseFile + " cannot be read: " + e.getMessage());
        }
    }

    void probeWrite(String instanceId, Instant now) {
        String sql = "INSERT INTO health_probe (instance_id, probed_at) VALUES (?, ?)"
                + " ON CONFLICT (instance_id) DO UPDATE SET probed_at = excluded.probed_at";
        db.update(sql, instanceId, now.toEpochMilli());
    }

    void ping() {
        db.count("SELECT 1");
    }
}
