package io.mcscale.platform.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

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
}
