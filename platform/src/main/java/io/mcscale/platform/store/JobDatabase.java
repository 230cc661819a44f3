package io.mcscale.platform.store;

import com.zaxxer.hikari.HikariDataSource;
import io.mcscale.platform.auth.Tier;
import io.mcscale.platform.job.Job;
import io.mcscale.platform.job.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The job store's pooled connections and how every statement runs on them: prepared once per
 * connection ({@link StatementCache}), its parameters bound by type, and, on SQLite, each write
 * taken in turn under one lock. The store's parts say only their SQL.
 */
final class JobDatabase implements Statements {
    /** The columns every job query selects, in the order {@link #toJob} reads them. */
    static final String COLUMNS = "id, user_id, model, parameters, paths, seed, antithetic, status, progress, "
            + "result, error, submitted_at, started_at, finished_at, instance_id, cancel_requested, tier";

    private final JobStore.Kind kind;
    private final HikariDataSource dataSource;
    private final StatementCache statements;
    /**
     * SQLite has one writer at a time. Writers of this process queue here, in order, rather than in
     * SQLite's busy handler, which backs off by sleeping; the busy timeout is left for other processes.
     */
    private final ReentrantLock writeLock = new ReentrantLock(true);

    JobDatabase(JobStore.Kind kind, HikariDataSource dataSource) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.statements = new StatementCache(kind == JobStore.Kind.SQLITE);
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    Set<String> strings(String sql, Object... args) {
        return withStatement(sql, ps -> {
            bind(ps, args);
            Set<String> values = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }

    int update(String sql, Object... args) {
        return writing(() -> execute(sql, args));
    }

    <T> T writing(java.util.function.Supplier<T> write) {
        if (kind != JobStore.Kind.SQLITE) {
            return write.get();
        }
        writeLock.lock();
        try {
            return write.get();
        } finally {
            writeLock.unlock();
        }
    }

    List<Job> query(String sql, Object... args) {
        return withStatement(sql, ps -> {
            bind(ps, args);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(toJob(rs));
                }
            }
            return jobs;
        });
    }

    /**
     * Runs {@code sql} once for each row of parameters, all in one transaction: one commit, so one sync of the disk,
     * for the lot. Run as separate commits, 300 user sightings held SQLite's one writer for 550 ms on a busy machine,
     * and a burst's submissions waited behind them.
     */
    void batch(String sql, List<Object[]> rows) {
        transaction(c -> withStatement(c, sql, statement -> {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        }));
    }

    /** What a transaction does on its connection; it commits when this returns, and rolls back when it throws. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} as one transaction, on SQLite in this process's turn to write: one commit, so one sync of the disk. */
    <T> T transaction(TransactionWork<T> work) {
        return writing(() -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (Throwable e) {
                    // Errors too: turning auto-commit back on below would otherwise commit the half-done work.
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StoreException("transaction", e);
            }
        });
    }

    /** Statements run on {@code connection}, inside its caller's transaction. */
    Statements on(Connection connection) {
        return new Statements() {
            @Override
            public <T> T withStatement(String sql, StatementWork<T> work) {
                return JobDatabase.this.withStatement(connection, sql, work);
            }
        };
    }

    /** What a statement does with its (bound by it) parameters and results. */
    @FunctionalInterface
    interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Runs {@code work} on a statement for {@code sql} on a pooled connection; every statement goes through here. */
    @Override
    public <T> T withStatement(String sql, StatementWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return withStatement(c, sql, work);
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    private <T> T withStatement(Connection c, String sql, StatementWork<T> work) {
        try {
            PreparedStatement statement = statements.prepare(c, sql);
            T result;
            try {
                result = work.run(statement);
            } catch (SQLException | RuntimeException e) {
                statements.discard(c, sql, statement);
                throw e;
            }
            statements.release(statement);
            return result;
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (arg instanceof String s) {
                ps.setString(i + 1, s);
            } else if (arg instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (arg instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (arg instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (arg instanceof Tier t) {
                ps.setString(i + 1, t.wire());
            } else {
                throw new IllegalArgumentException("cannot bind " + arg.getClass());
            }
        }
    }

    /** A row selected as {@link #COLUMNS}, read by position (the SQLite driver looks names up on every call). */
    private static Job toJob(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getInt(7) == 1,
                JobStatus.fromWord(rs.getString(8)),
                rs.getDouble(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs, 12),
                instant(rs, 13),
                instant(rs, 14),
                rs.getString(15),
                rs.getInt(16) == 1,
                tier(rs.getString(17)));
    }

    /** A count for every tier, all 0, for queries that group by tier and may find none of some. */
    static Map<Tier, Long> zeroPerTier() {
        Map<Tier, Long> counts = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            counts.put(tier, 0L);
        }
        return counts;
    }

    /** A tier as stored; only this code writes the column, so an unknown word is a row from a newer build: free, not lost. */
    static Tier tier(String wire) {
        return Tier.fromWire(wire).orElse(Tier.FREE);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
