package io.syncmaster.worker.runner.connector.file.remote;

/**
 * Names of a run's temporary upload directory inside a target directory,
 * {@code _syncmaster-tmp-t<transferId>-r<runId>}. Runs of one transfer do not overlap, so a directory with this
 * transfer's prefix and another run id is a leftover of a killed run and is removed by the next run; other
 * transfers writing into the same directory keep their own.
 */
public record StagingNames(long transferId, long runId) {
    /**
     * Starts with '_': Spark and Hadoop readers skip such names, and unlike a leading '.' no server hides them from
     * listings (Apache FtpServer's MLSD does hide dot files, and a hidden leftover could not be found and removed).
     */
    public static final String PREFIX = "_syncmaster-tmp-";

    /** The name of this run's temporary directory. */
    public String runDirectory() {
        return transferPrefix() + "r" + runId;
    }

    /** The prefix shared by every run of this transfer. */
    public String transferPrefix() {
        return PREFIX + "t" + transferId + "-";
    }
}
