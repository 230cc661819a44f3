package io.mcscale.platform.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The job store contract on a real SQLite file in a temporary data directory. */
class SqliteJobStoreTest extends JobStoreContract {
    @TempDir
    Path dataDir;

    @Override
    void createDatabase() {
        // A fresh temporary directory per test is an empty database.
    }

    @Override
    JobStore connect() {
        return JobStore.sqlite(dataDir);
    }

    @Override
    DataSource createEmptyDatabase(String name) throws IOException {
        Files.createDirectories(dataDir.resolve(name));
        var source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dataDir.resolve(name).resolve("jobs.db"));
        return source;
    }

    @Override
    JobStore connect(String name) {
        return JobStore.sqlite(dataDir.resolve(name));
    }
}
