package io.syncmaster.worker.runner.connector.file.remote;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.FailureSummary;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;

/**
 * Turns client errors into {@link RunFailure}s of one side with one message shape,
 * {@code "<side> sftp://host:22: cannot list /in: <error>"}, and masks the connection's password in every message
 * (a client could echo it back).
 */
final class RemoteFailures {
    private final FailureSide side;
    private final String where;
    private final SecretRedactor redactor = new SecretRedactor();

    RemoteFailures(FailureSide side, String where, Credentials credentials) {
        this.side = side;
        this.where = where;
        redactor.register(credentials.password());
    }

    FailureSide side() {
        return side;
    }

    /** The server, as {@link RemoteFileSystem#describe()} shows it. */
    String where() {
        return where;
    }

    /** A failure without an underlying error, e.g. "directory /in does not exist". */
    RunFailure fail(String what) {
        return new RunFailure(side, redactor.redact(side.label() + " " + where + ": " + what));
    }

    /** {@code what} failed because of {@code cause}; a RunFailure cause is returned unchanged. */
    RunFailure fail(String what, Throwable cause) {
        if (cause instanceof RunFailure failure) {
            return failure;
        }
        return new RunFailure(side, redactor.redact(side.label() + " " + where + ": " + what + ": "
                + FailureSummary.describe(cause)), cause);
    }

    /** Authentication was refused: the message names the user, never the password. */
    RunFailure authenticationFailed(Credentials credentials, Throwable cause) {
        String what = "authentication failed for user '" + credentials.user() + "' (check the connection's user and password)";
        return cause == null ? fail(what) : fail(what, cause);
    }
}
