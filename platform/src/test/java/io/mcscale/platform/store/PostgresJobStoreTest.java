package io.mcscale.platform.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The job store contract on a real PostgreSQL server, one fresh database per test. */
class PostgresJobStoreTest extends JobStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    void createDatabase() throws Exception {
        database = "jobs_" + DATABASES.incrementAndGet();
        create(database);
    }

    private static void create(String name) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    @Override
    JobStore connect() {
        return JobStore.postgres(postgres.getJdbcUrl("postgres", database));
    }

    @Override
    DataSource createEmptyDatabase(String name) throws Exception {
        create(database + "_" + name);
        return postgres.getDatabase("postgres", database + "_" + name);
    }

    @Override
    JobStore connect(String name) {
        return JobStore.postgres(postgres.getJdbcUrl("postgres", database + "_" + name));
    }
}
