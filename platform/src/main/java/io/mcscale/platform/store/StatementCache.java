package io.mcscale.platform.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each pooled SQLite connection's prepared statements for the next borrower of that connection.
 *
 * <p>The SQLite driver parses and plans the SQL again on every {@code prepareStatement}, and the pool
 * (HikariCP) closes a borrower's statements when the connection goes back, so without this a poll
 * spent about a tenth of the platform's CPU preparing the same few statements. The statements are
 * prepared on the driver's own connection, beneath the pool, so the pool does not close them; a
 * connection is borrowed by one thread at a time, so its statements are too. The PostgreSQL driver
 * caches statements itself, so for it this class only prepares and closes.
 */
final class StatementCache {
    private final boolean reuse;
    /** Keyed by the driver's connection (identity): the pool keeps SQLite connections for its whole life. */
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    StatementCache(boolean reuse) {
        this.reuse = reuse;
    }

    /** A statement for {@code sql} on {@code pooled}; give it back with {@link #release} or {@link #discard}. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        if (!reuse) {
            return pooled.prepareStatement(sql);
        }
        Connection driver = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = byConnection.get(driver);
        if (statements == null) {
            forgetClosed(); // a new connection can mean the pool replaced one
            statements = new HashMap<>();
            byConnection.put(driver, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = driver.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** The statement ran; its result sets are closed. */
    void release(PreparedStatement statement) throws SQLException {
        if (reuse) {
            statement.clearParameters();
        } else {
            statement.close();
        }
    }

    /** The statement failed: it is closed rather than trusted again. */
    void discard(Connection pooled, String sql, PreparedStatement statement) {
        try {
            if (reuse) {
                Map<String, PreparedStatement> statements = byConnection.get(pooled.unwrap(Connection.class));
                if (statements != null) {
                    statements.remove(sql, statement);
                }
            }
            statement.close();
        } catch (SQLException e) {
            // closing a failed statement can fail too; the original error is the one to report
        }
    }

    private void forgetClosed() {
        byConnection.keySet().removeIf(connection -> {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }
}
