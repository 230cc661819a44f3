package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcscale.platform.auth.Tier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteUserAccountsTest extends UserAccountsContract {
    @TempDir
    Path dataDir;

    @Override
    JobStore openEmptyStore() {
        return JobStore.sqlite(dataDir);
    }

    @Test
    void shouldAddTheUsersTableToAStoreMigratedPastItWithoutIt() throws Exception {
        // A store made by a build that had V7 (the jobs' tier) but not yet V6 (users).
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE users");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '6'");
        }
        store.close();

        store = JobStore.sqlite(dataDir);

        store.users().add("alice", Tier.PRO, T0);
        assertThat(store.users().list()).hasSize(1);
    }
}
