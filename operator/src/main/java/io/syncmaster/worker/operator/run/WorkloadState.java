package io.syncmaster.worker.operator.run;

import io.syncmaster.worker.operator.crd.RunSummary;

/**
 * What the Kubernetes side of one run looks like right now, reduced from its Job and Pod to the facts the
 * state machine needs. Built by {@code job.WorkloadObserver}; pure data.
 *
 * @param kind where the workload is
 * @param reason a short machine-readable reason (ImagePullBackOff, Unschedulable, DeadlineExceeded, OOMKilled, …)
 * @param message a human-readable detail (the job-runner's termination message, the scheduler's message, …)
 * @param podName the run's pod, when one exists
 * @param summary the job-runner's run summary from the termination message of a finished pod, when it wrote one
 */
public record WorkloadState(Kind kind, String reason, String message, String podName, RunSummary summary) {

    public WorkloadState(Kind kind, String reason, String message, String podName) {
        this(kind, reason, message, podName, null);
    }

    /** The coarse state of a run's Job and Pod. */
    public enum Kind {
        /** No Job exists. */
        ABSENT,
        /** The Job exists and its pod is not running yet (scheduling, pulling the image, …). */
        STARTING,
        /** The pod is running. */
        RUNNING,
        /** The Job completed successfully. */
        SUCCEEDED,
        /** The Job failed (pod exited non-zero, deadline exceeded, evicted, …). */
        FAILED
    }

    public static WorkloadState absent() {
        return new WorkloadState(Kind.ABSENT, null, null, null);
    }

    public static WorkloadState starting(String reason, String message, String podName) {
        return new WorkloadState(Kind.STARTING, reason, message, podName);
    }

    public static WorkloadState running(String podName) {
        return new WorkloadState(Kind.RUNNING, null, null, podName);
    }

    public static WorkloadState succeeded(String podName) {
        return new WorkloadState(Kind.SUCCEEDED, null, null, podName);
    }

    public static WorkloadState failed(String reason, String message, String podName) {
        return new WorkloadState(Kind.FAILED, reason, message, podName);
    }

    /** This state with the job-runner's summary attached. */
    public WorkloadState withSummary(RunSummary runSummary) {
        return new WorkloadState(kind, reason, message, podName, runSummary);
    }

    /** Whether the pod is stuck in a way that will not resolve by itself (bad image, unschedulable). */
    public boolean startBlocked() {
        return kind == Kind.STARTING && reason != null && !"ContainerCreating".equals(reason) && !"PodInitializing".equals(reason);
    }
}
