package io.mcscale.platform.store;

import java.sql.SQLException;

/** The job store could not do what was asked: the database is unreachable, locked too long, or refused. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String what, SQLException cause) {
        super("job store: " + what + " failed: " + cause.getMessage(), cause);
    }
}
