package io.mcscale.platform.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The users table on a real PostgreSQL server, one fresh database per test. */
class PostgresUserAccountsTest extends UserAccountsContract {
    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    @Override
    JobStore openEmptyStore() throws Exception {
        return JobStore.postgres(POSTGRES.freshDatabase("users"));
    }
}
