package io.syncmaster.worker.runner.connector;

import java.util.Locale;

/**
 * Names of a run's staging objects (tables, temporary directories): deterministic per transfer, so the next run
 * of the same transfer finds and removes whatever a killed run left behind ({@link Target#cleanUpStale}), and
 * distinct per run, so that cleanup never removes the current run's own objects.
 *
 * <p>{@code syncmaster_tmp_<transferId>_<runId>}: lower case, word characters only, 63 characters at most for any
 * 64-bit ids, so it is a valid unquoted identifier in every supported database and a valid file name.
 */
public record StagingNames(long transferId, long runId) {
    /** The prefix every staging object of this transfer starts with. */
    public String prefix() {
        return "syncmaster_tmp_" + transferId + "_";
    }

    /** This run's staging object name. */
    public String name() {
        return prefix() + runId;
    }

    /**
     * This run's name with a suffix, for a second object of the same run (e.g. {@code old} for the table a
     * rename-based swap moves aside).
     */
    public String name(String suffix) {
        return name() + "_" + suffix;
    }

    /** True when {@code objectName} (compared case-insensitively) is a staging object of this transfer from another run. */
    public boolean isStale(String objectName) {
        String lower = objectName.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(prefix())) {
            return false;
        }
        String rest = lower.substring(prefix().length());
        String run = rest.contains("_") ? rest.substring(0, rest.indexOf('_')) : rest;
        return run.matches("\\d+") && !run.equals(Long.toString(runId));
    }
}
