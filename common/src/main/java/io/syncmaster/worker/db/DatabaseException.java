package io.syncmaster.worker.db;

import java.sql.SQLException;

/**
 * A SyncMaster database operation failed (connection lost, SQL error). Unchecked so callers decide where to
 * retry; the message names the operation and the SQLSTATE, the cause keeps the driver's exception.
 */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String operation, SQLException cause) {
        super(operation + " failed (SQLSTATE " + cause.getSQLState() + ")", cause);
    }
}
