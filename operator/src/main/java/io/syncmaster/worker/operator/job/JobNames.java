package io.syncmaster.worker.operator.job;

/** Deterministic names of the Kubernetes objects of a run, so that a restarted operator finds them again. */
public final class JobNames {
    /** Container name of the job-runner in the run's pod. */
    public static final String CONTAINER = "job-runner";

    private JobNames() {
    }

    public static String jobName(long runId) {
        return "syncmaster-run-" + runId;
    }

    /** The run's Secret holding its run spec (same name as the Job: another kind, and one object of each per run). */
    public static String secretName(long runId) {
        return "syncmaster-run-" + runId;
    }
}
