package io.syncmaster.worker.db;

/**
 * Everything a job-runner needs for a run could not be loaded: a row is missing, a connection has no (or several)
 * {@code auth_data} rows, a credential cannot be decrypted, or a JSON column is broken.
 *
 * <p>The message names the run, transfer or connection ids and what is wrong; never a credential or a JSON value.
 * {@link #kind()} lets callers react without parsing the message.
 */
public class TransferLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        RUN_NOT_FOUND,
        TRANSFER_NOT_FOUND,
        GROUP_NOT_FOUND,
        CONNECTION_NOT_FOUND,
        AUTH_DATA_COUNT,
        CREDENTIALS_UNREADABLE,
        INVALID_JSON
    }

    private final Kind kind;

    public TransferLoadException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
