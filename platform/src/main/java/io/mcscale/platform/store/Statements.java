package io.mcscale.platform.store;

import java.sql.ResultSet;

/** Where statements run: each on a pooled connection of its own ({@link JobDatabase}), or all on one ({@link JobDatabase#on}). */
interface Statements {
    <T> T withStatement(String sql, JobDatabase.StatementWork<T> work);

    default long count(String sql, Object... args) {
        return withStatement(sql, ps -> {
            JobDatabase.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** An insert, update or delete, without taking the write turn: the caller holds it, or the store is PostgreSQL. */
    default int execute(String sql, Object... args) {
        return withStatement(sql, ps -> {
            JobDatabase.bind(ps, args);
            return ps.executeUpdate();
        });
    }
}
