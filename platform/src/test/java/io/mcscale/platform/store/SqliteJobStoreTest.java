package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
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

    /**
     * Every pooled connection commits with {@code synchronous=FULL}: in WAL mode that syncs the log at each commit,
     * so a simulation answered 202 is on the disk. With NORMAL the last commits lived only in the page cache, and a
     * filesystem error that turned the data directory read-only (ReadOnlyDataDirIT in the fault suite) lost the
     * 3 simulations accepted just before it.
     */
    @Test
    void everyConnectionSyncsEachCommitToTheDisk() throws Exception {
        try (JobStore store = connect()) {
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Connection connection = store.dataSource().getConnection();
                    held.add(connection);
                    try (ResultSet rs = connection.createStatement().executeQuery("PRAGMA synchronous")) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("PRAGMA synchronous of connection %d (2 is FULL)", i).isEqualTo(2);
                    }
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
        }
    }

    /**
     * A batch of sightings is one commit. Counted in WAL frames: each commit appends at least one. As 300 commits
     * (one per sighting, each synced) they held SQLite's one writer for 550 ms on a busy machine, and a burst of
     * submissions waited behind them.
     */
    @Test
    void threeHundredUserSightingsAreWrittenInOneCommit() throws Exception {
        try (JobStore store = connect(); Connection connection = store.dataSource().getConnection()) {
            connection.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
            Map<String, JobStore.UserSighting> sightings = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                sightings.put("user-" + i, new JobStore.UserSighting(1_000L + i, Tier.FREE));
            }
            store.recordUserActivity("instance-a", sightings);
            try (ResultSet rs = connection.createStatement().executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                assertThat(rs.getInt(2)).as("frames in the write-ahead log after 300 sightings").isLessThan(30);
            }
        }
    }
}
