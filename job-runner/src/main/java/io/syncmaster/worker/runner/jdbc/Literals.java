package io.syncmaster.worker.runner.jdbc;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** Checks shared by the dialects' literal rendering. */
public final class Literals {
    private Literals() {
    }

    /** No SQL string type of the supported databases can hold U+0000; say so instead of sending broken SQL. */
    public static void rejectNul(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new RunFailure(FailureSide.SETUP, "a filter value contains a NUL character, which SQL strings cannot hold");
        }
    }
}
