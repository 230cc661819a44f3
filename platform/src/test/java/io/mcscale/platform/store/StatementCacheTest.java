package io.mcscale.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statement cache on a real SQLite file behind a real HikariCP pool of one connection. */
class StatementCacheTest {
    private static final String SQL = "SELECT ? + 1";

    @TempDir
    Path dir;
    private HikariDataSource pool;

    @BeforeEach
    void openPool() {
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void shouldGiveTheNextBorrowerOfAConnectionTheSameOpenStatement() throws Exception {
        var cache = new StatementCache(true);
        PreparedStatement first;
        try (var connection = pool.getConnection()) {
            first = cache.prepare(connection, SQL);
            assertThat(plusOne(first, 41)).isEqualTo(42);
            cache.release(first);
        }
        try (var connection = pool.getConnection()) {
            PreparedStatement second = cache.prepare(connection, SQL);

            assertThat(second).isSameAs(first);
            assertThat(second.isClosed()).isFalse();
            assertThat(plusOne(second, 1)).isEqualTo(2);
            cache.release(second);
        }
    }

    @Test
    void shouldPrepareAFreshStatementAfterOneFailed() throws Exception {
        var cache = new StatementCache(true);
        try (var connection = pool.getConnection()) {
            PreparedStatement failed = cache.prepare(connection, SQL);
            cache.discard(connection, SQL, failed);

            PreparedStatement fresh = cache.prepare(connection, SQL);

            assertThat(failed.isClosed()).isTrue();
            assertThat(fresh).isNotSameAs(failed);
            assertThat(plusOne(fresh, 2)).isEqualTo(3);
        }
    }

    @Test
    void shouldCloseStatementsWhenNotReusing() throws Exception {
        var cache = new StatementCache(false);
        try (var connection = pool.getConnection()) {
            PreparedStatement statement = cache.prepare(connection, SQL);
            assertThat(plusOne(statement, 5)).isEqualTo(6);

            cache.release(statement);

            assertThat(statement.isClosed()).isTrue();
        }
    }

    private static long plusOne(PreparedStatement statement, long value) throws Exception {
        statement.setLong(1, value);
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
