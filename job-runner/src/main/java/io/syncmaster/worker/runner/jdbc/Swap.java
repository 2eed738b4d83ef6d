package io.syncmaster.worker.runner.jdbc;

import java.util.List;

/**
 * How one database replaces a target table with a filled staging table.
 *
 * @param statements       run in order; together they put the staging table in the target's place
 * @param inOneTransaction true where DDL is transactional: readers see the old table until COMMIT, then the new one
 * @param undo             for a non-transactional swap: run when a statement after the first fails, to put the old
 *                         table back
 * @param cleanup          run after a successful swap (dropping the old table); a failure is only logged, and the
 *                         next run's stale-staging cleanup removes what is left
 */
public record Swap(List<String> statements, boolean inOneTransaction, List<String> undo, List<String> cleanup) {
    public Swap {
        statements = List.copyOf(statements);
        undo = List.copyOf(undo);
        cleanup = List.copyOf(cleanup);
    }

    public static Swap transactional(List<String> statements) {
        return new Swap(statements, true, List.of(), List.of());
    }
}
