package io.syncmaster.worker.operator.run;

import io.syncmaster.worker.operator.crd.ConditionText;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.RunSummary;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.events.EventReason;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one hook through which the TransferRun reconciler reports what happened to a run: each call emits the
 * Kubernetes Event, the metrics and the log line that belong to it, so the reconciler's steps say only what happened,
 * and every run-level Event and metric is found here.
 */
final class RunReporter {
    private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

    private final EventPublisher events;
    private final RunMetrics metrics;

    RunReporter(EventPublisher events, RunMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    /** A new TransferRun is seen (it counts as Queued until its first status write). */
    void received(TransferRun run) {
        metrics.transition(run, null, RunPhase.QUEUED);
    }

    /** The run got a slot of its queue; {@code message} says which (the Admitted condition's text). */
    void admitted(TransferRun run, Duration queueWait, String message) {
        metrics.transition(run, RunPhase.QUEUED, RunPhase.PENDING);
        metrics.queueWait(run, queueWait);
        events.normal(run, EventReason.ADMITTED, ConditionText.sentence(message));
    }

    /** The run waits because every slot of its queue is taken (emitted when it starts waiting for that reason). */
    void queueFull(TransferRun run, String message) {
        events.normal(run, EventReason.QUEUE_FULL, ConditionText.sentence(message));
    }

    void claimed(TransferRun run) {
        events.normal(run, EventReason.CLAIMED, "Run " + run.getSpec().getRunId() + " is claimed: its row went CREATED → STARTED.");
    }

    /** The API server accepted the Job, {@code apiLatency} after the request. */
    void jobAccepted(TransferRun run, Duration apiLatency, Duration sinceReceived) {
        metrics.jobCreated(run, apiLatency, sinceReceived);
    }

    /** The run's Job exists (created or adopted). */
    void jobCreated(TransferRun run, String jobName) {
        events.normal(run, EventReason.JOB_CREATED, "Created Job " + jobName + ".");
    }

    /**
     * The API server refused the run's Secret or Job (retried until the start timeout); {@code first} emits the
     * Warning once, not at every resync.
     */
    void jobRejected(TransferRun run, boolean first, String message) {
        if (first) {
            events.warning(run, EventReason.FAILED, message);
        }
    }

    /** The row could not be written; {@code firstFailure} emits the Warning once per outage. */
    void dbSyncFailed(TransferRun run, boolean firstFailure, String message) {
        metrics.dbSyncFailure(run);
        if (firstFailure) {
            events.warning(run, EventReason.DB_SYNC_FAILED, message);
        }
    }

    /** The run row can never take the final status (retrying cannot help): said once, not retried. */
    void notWritable(TransferRun run, String message) {
        events.warning(run, EventReason.DB_SYNC_FAILED, message);
    }

    void dbSynced(TransferRun run, Duration lag, String message) {
        metrics.dbSynced(run, lag);
        events.normal(run, EventReason.DB_SYNCED, ConditionText.sentence(message));
    }

    /** The run entered phase {@code to}; a terminal phase's Event carries the outcome and the run summary. */
    void entered(TransferRun run, RunPhase from, RunPhase to, Decision decision) {
        metrics.transition(run, from, to);
        RunSummary summary = run.statusOrEmpty().getSummary();
        String detail = !to.isTerminal() ? null
                : summary == null ? TransferRunReconciler.outcomeMessage(to, decision)
                : TransferRunReconciler.outcomeMessage(to, decision) + " " + summary.sentence();
        switch (to) {
            case RUNNING -> events.normal(run, EventReason.RUNNING, "Pod " + run.statusOrEmpty().getPodName() + " runs the job-runner.");
            case SUCCEEDED -> events.normal(run, EventReason.SUCCEEDED, detail);
            case FAILED -> {
                LOG.warn("Run {}: {}", run.getSpec().getRunId(), detail);
                events.warning(run, EventReason.FAILED, detail);
            }
            case STOPPED -> {
                LOG.info("Run {}: {}", run.getSpec().getRunId(), detail);
                events.normal(run, EventReason.STOPPED, detail);
            }
            case SKIPPED -> {
                LOG.info("Run {}: {}", run.getSpec().getRunId(), detail);
                events.warning(run, EventReason.SKIPPED, detail);
            }
            default -> {
            }
        }
    }
}
