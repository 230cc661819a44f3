package io.mcscale.scaler.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the event store's SQLite file and brings its schema up to date; the store's parts share the connection. */
final class EventDatabase {
    /** Apart from the platform's {@code db/migration}: one jar carries both. */
    private static final String MIGRATIONS = "classpath:db/events";

    private EventDatabase() {
    }

    static Connection open(Path dbFile) {
        try {
            Path file = dbFile.toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            SQLiteConfig config = new SQLiteConfig();
            // WAL lets the cost report read while the daemon writes; the busy timeout rides over its short locks.
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(5000);
            // In WAL mode NORMAL loses nothing on a crash of the process, only on power loss, and skips an fsync per row.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            SQLiteDataSource source = new SQLiteDataSource(config);
            source.setUrl("jdbc:sqlite:" + file);
            migrate(source, file);
            return source.getConnection();
        } catch (SQLException | IOException | FlywayException e) {
            throw new EventStoreException("cannot open the event store " + dbFile + ": " + e.getMessage(), e);
        }
    }

    /** Under a file lock: Flyway cannot lock SQLite against the daemon and a cost report migrating at once. */
    private static void migrate(SQLiteDataSource source, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".migrate-lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Flyway.configure()
                    .dataSource(source)
                    .locations(MIGRATIONS)
                    .baselineOnMigrate(true)
                    .baselineVersion("1")
                    .baselineDescription("events schema from before migrations")
                    .load()
                    .migrate();
        }
    }
}
