package io.syncmaster.worker.operator.run;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.DatabaseException;
import io.syncmaster.worker.db.TransferLoadException;
import io.syncmaster.worker.db.FinishOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.CorrelationIds;
import io.syncmaster.worker.lifecycle.RunClaimer;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.ConditionText;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.RunSummary;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.events.EventReason;
import io.syncmaster.worker.operator.job.JobNames;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.job.RunSpecSecrets;
import io.syncmaster.worker.operator.kube.ApiTimes;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.runspec.RunPreparation;
import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.template.LogUrlTemplate;
import io.syncmaster.worker.text.StatusText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives one TransferRun through its phases: <b>observe</b> (TransferRun, Job, Pod, queue, run row) →
 * <b>decide</b> ({@link PhaseTransitions#decide}, pure) → <b>act</b> (one named step). Status is written before
 * each action, so an operator killed at any line resumes correctly from the TransferRun, the Job and the row.
 * Several steps may run in one reconciliation while each makes progress.
 */
public class TransferRunReconciler implements Reconciler<TransferRun>, Cleaner<TransferRun> {
    public static final String NAME = "transferrun";
    public static final String FINALIZER = "syncmaster.io/run-finalizer";
    private static final Logger LOG = LoggerFactory.getLogger(TransferRunReconciler.class);
    private static final int MAX_STEPS = 8;
    private static final Duration DB_RETRY = Duration.ofSeconds(5);

    private final OperatorSettings settings;
    private final DataSource dataSource;
    private final RunJobFactory jobFactory;
    private final LogUrlTemplate logUrlTemplate;
    private final RunReporter reporter;
    private final Clock clock;
    private final RunObserver observer;
    private final RunPreparation preparation;
    private QueueAdmission admission;
    private SimpleInboundEventSource<TransferRun> wakeups;

    /**
     * @param preparation the check before a claim and the run spec after it (reads and decrypts the run's rows)
     */
    public TransferRunReconciler(OperatorSettings settings, DataSource dataSource, RunPreparation preparation,
                                 RunJobFactory jobFactory, LogUrlTemplate logUrlTemplate, EventPublisher events,
                                 RunMetrics metrics, Clock clock) {
        this.settings = settings;
        this.preparation = preparation;
        this.dataSource = dataSource;
        this.jobFactory = jobFactory;
        this.logUrlTemplate = logUrlTemplate;
        this.reporter = new RunReporter(events, metrics);
        this.clock = clock;
        this.observer = new RunObserver(settings, dataSource, clock);
    }

    @Override
    public List<EventSource<?, TransferRun>> prepareEventSources(EventSourceContext<TransferRun> context) {
        admission = new QueueAdmission((namespace, queue) -> context.getPrimaryCache()
                .list(namespace, r -> queue.equals(r.getSpec().getQueue())), clock);
        String managed = "app.kubernetes.io/managed-by=" + RunJobFactory.MANAGED_BY;
        var jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, TransferRun.class)
                .withLabelSelector(managed)
                .withSecondaryToPrimaryMapper(RunLabels::toPrimary)
                .build(), context);
        var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, TransferRun.class)
                .withLabelSelector(managed)
                .withSecondaryToPrimaryMapper(RunLabels::toPrimary)
                .build(), context);
        var queues = new InformerEventSource<>(InformerEventSourceConfiguration.from(SyncWorkerQueue.class, TransferRun.class)
                .withPrimaryToSecondaryMapper((TransferRun run) ->
                        Set.of(new ResourceID(run.getSpec().getQueue(), run.getMetadata().getNamespace())))
                .withSecondaryToPrimaryMapper(queue -> runsOfQueue(context, queue))
                .build(), context);
        wakeups = new SimpleInboundEventSource<>("admission-wakeups");
        var stopSignals = new StopSignalWatcher(() -> context.getPrimaryCache().list().filter(r -> !phaseOf(r).isTerminal()),
                dataSource, settings.stopPollInterval());
        return List.of(jobs, pods, queues, wakeups, stopSignals);
    }

    private static Set<ResourceID> runsOfQueue(EventSourceContext<TransferRun> context, SyncWorkerQueue queue) {
        Set<ResourceID> ids = new HashSet<>();
        context.getPrimaryCache()
                .list(queue.getMetadata().getNamespace(), r -> queue.getMetadata().getName().equals(r.getSpec().getQueue()))
                .filter(r -> !phaseOf(r).isTerminal())
                .forEach(r -> ids.add(ResourceID.fromResource(r)));
        return ids;
    }

    @Override
    public UpdateControl<TransferRun> reconcile(TransferRun resource, Context<TransferRun> context) {
        try (var ignored = mdc(resource)) {
            // A new run has no status yet and counts as Queued; its first status write is the admission decision.
            TransferRun run = resource;
            if (run.getStatus() == null || run.getStatus().getPhase() == null) {
                reporter.received(run);
            }
            for (int step = 0; step < MAX_STEPS; step++) {
                RunObserver.Observed observed = observer.observe(run, context);
                Decision decision = PhaseTransitions.decide(observed.observation());
                Step result = act(run, observed, decision, context);
                run = result.run();
                if (!result.progressed()) {
                    return UpdateControl.<TransferRun>noUpdate().rescheduleAfter(result.recheckAfter().toMillis());
                }
            }
            return UpdateControl.<TransferRun>noUpdate().rescheduleAfter(0);
        }
    }

    @Override
    public DeleteControl cleanup(TransferRun resource, Context<TransferRun> context) {
        try (var ignored = mdc(resource)) {
            TransferRun run = resource;
            RunPhase phase = phaseOf(run);
            if (!phase.isTerminal()) {
                LOG.info("TransferRun {} deleted while {}: stopping the run", run.getMetadata().getName(), phase.displayName());
                Decision stop = new Decision(RunPhase.STOPPED, RunAction.DELETE_JOB_AND_SYNC, "Deleted", "the TransferRun was deleted");
                run = enterPhase(run, context, stop, null);
                deleteJob(run, context);
            }
            if (!run.statusOrEmpty().isTrue(TransferRunStatus.DB_SYNCED)) {
                Step synced = syncRow(run, context);
                if (!synced.run().statusOrEmpty().isTrue(TransferRunStatus.DB_SYNCED)) {
                    return DeleteControl.noFinalizerRemoval().rescheduleAfter(DB_RETRY.toMillis());
                }
            }
            return DeleteControl.defaultDelete();
        }
    }

    // ---------------------------------------------------------------- act

    /** What one step did: the resource as now written, whether to continue, and when to look again if not. */
    private record Step(TransferRun run, boolean progressed, Duration recheckAfter) {
        static Step progressed(TransferRun run) {
            return new Step(run, true, Duration.ZERO);
        }

        static Step waitFor(TransferRun run, Duration after) {
            return new Step(run, false, after);
        }
    }

    private Step act(TransferRun run, RunObserver.Observed observed, Decision decision, Context<TransferRun> context) {
        RunPhase before = phaseOf(run);
        if (decision.phase() != before) {
            WorkloadState workload = observed.observation().workload();
            run = enterPhase(run, context, decision, workload.podName(), workload.summary());
        } else if (decision.action() == RunAction.WAIT && before == RunPhase.PENDING) {
            run = recordWaitingReason(run, context, decision);
        }
        return switch (decision.action()) {
            case ADMIT -> admit(run, observed, context);
            case CLAIM -> claim(run, observed, context);
            case CREATE_JOB -> createJob(run, observed, context);
            case DELETE_JOB_AND_SYNC -> {
                deleteJob(run, context);
                yield syncRow(run, context);
            }
            case SYNC_ROW -> syncRow(run, context);
            case DELETE_RUN -> deleteRun(run, context);
            case WAIT -> decision.phase() != before && !decision.phase().isTerminal()
                    ? Step.progressed(run)
                    : Step.waitFor(run, recheckDelay(run, observed));
        };
    }

    private Duration recheckDelay(TransferRun run, RunObserver.Observed observed) {
        RunPhase phase = phaseOf(run);
        if (!phase.isTerminal()) {
            return settings.resync();
        }
        Duration ttl = observed.template().limits().ttlAfterFinished();
        Duration since = ApiTimes.since(run.statusOrEmpty().getFinishedAt(), clock.instant());
        if (ttl == null || since == null) {
            return Duration.ofHours(1);
        }
        Duration left = ttl.minus(since);
        return left.isNegative() ? Duration.ZERO : left.plusSeconds(1);
    }

    private Step admit(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context) {
        Integer limit = observed.queue() == null ? null : observed.queue().getSpec().getMaxConcurrentRuns();
        String queueName = run.getSpec().getQueue();
        String admittedMessage = limit == null ? "The run holds a slot of queue " + queueName + ", which has no concurrency limit"
                : "The run holds one of the " + limit + " slots of queue " + queueName;
        QueueAdmission.Result result = admission.tryAdmit(run, limit, r -> writeStatus(r, context, s -> {
            s.setPhase(RunPhase.PENDING);
            s.setAdmittedAt(ApiTimes.microTime(clock.instant()));
            s.putCondition(TransferRunStatus.ADMITTED, true, "Admitted", admittedMessage, now(), null);
        }));
        if (result instanceof QueueAdmission.Admitted admitted) {
            reporter.admitted(admitted.run(), ApiTimes.since(run.getSpec().getReceivedAt(), clock.instant()), admittedMessage);
            return Step.progressed(admitted.run());
        }
        QueueAdmission.Waiting waiting = (QueueAdmission.Waiting) result;
        boolean full = waiting.busy() >= waiting.limit();
        String reason = full ? EventReason.QUEUE_FULL.text() : "OlderRunsFirst";
        String message = waitingMessage(queueName, waiting);
        var current = run.statusOrEmpty().condition(TransferRunStatus.ADMITTED);
        boolean reasonChanged = current.map(c -> !reason.equals(c.getReason())).orElse(true);
        boolean messageChanged = current.map(c -> !Objects.equals(ConditionText.sentence(message), c.getMessage())).orElse(true);
        TransferRun written = run;
        if (reasonChanged || messageChanged) {
            written = writeStatus(run, context, s -> {
                s.setPhase(RunPhase.QUEUED);
                s.putCondition(TransferRunStatus.ADMITTED, false, reason, message, now(), null);
            });
        }
        if (full && reasonChanged) {
            reporter.queueFull(written, message);
        }
        return Step.waitFor(written, settings.resync());
    }

    /** What keeps a queued run waiting, as a sentence about now. */
    static String waitingMessage(String queue, QueueAdmission.Waiting w) {
        String ahead = w.position() == 0 ? "this run is next"
                : w.position() + (w.position() == 1 ? " older run waits" : " older runs wait") + " ahead of this one";
        if (w.busy() >= w.limit()) {
            return "All " + w.limit() + " slots of queue " + queue + " are taken by pending or running runs; " + ahead;
        }
        int free = w.limit() - w.busy();
        return free + " of " + w.limit() + " slots of queue " + queue + (free == 1 ? " is free and goes to " : " are free and go to ")
                + w.position() + (w.position() == 1 ? " older queued run" : " older queued runs") + " first";
    }

    private Step claim(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context) {
        long runId = run.getSpec().getRunId();
        TransferRunStatus status = run.statusOrEmpty();
        if (status.getStartedAt() == null) {
            // Before any claim intent: a run this worker cannot execute fails CREATED -> FAILED, and no pod starts.
            Optional<Step> refused = refuseIfUnrunnable(run, observed, context);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        String correlationId = CorrelationIds.orNew(run.getSpec().getCorrelationId());
        Map<String, Object> extra = Map.of(
                "namespace", run.getMetadata().getNamespace(),
                "job_name", JobNames.jobName(runId),
                "transfer_run", run.getMetadata().getName());
        // Intent first: the started_at recorded in status identifies our own claim if we crash right after the UPDATE.
        StatusClaimIntents intents = new StatusClaimIntents(run, context, clock);
        ClaimOutcome outcome;
        try {
            outcome = new RunClaimer(dataSource, clock).claim(runId, intents,
                    row -> logUrlTemplate.render(row, correlationId, extra));
        } catch (RuntimeException e) {
            LOG.warn("Cannot claim run {}: {}", runId, e.getMessage());
            TransferRun failed = writeStatus(intents.run(), context, s ->
                    s.putCondition(TransferRunStatus.CLAIMED, false, "DatabaseUnavailable",
                            "The run row cannot be claimed yet: " + e.getMessage(), now(), null));
            return Step.waitFor(failed, DB_RETRY);
        }
        run = intents.run();
        Decision next = PhaseTransitions.afterClaim(outcome);
        if (outcome instanceof ClaimOutcome.Claimed claimed) {
            RunRow row = claimed.row();
            TransferRun written = writeStatus(run, context, s -> {
                s.setTransferId(row.transferId());
                s.setLogUrl(row.logUrl());
                s.putCondition(TransferRunStatus.CLAIMED, true, "Claimed", "The run row is STARTED", now(), null);
            });
            reporter.claimed(written);
            return Step.progressed(written);
        }
        TransferRun ended = enterPhase(run, context, next, null);
        return syncRow(ended, context);
    }

    /**
     * The check before the claim ({@link RunPreparation#refusal}): empty when the run can be claimed; otherwise the row
     * is failed with the same conditional UPDATE as the claim (or found stopped, taken or gone) and the step that
     * ended the run.
     */
    private Optional<Step> refuseIfUnrunnable(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context) {
        long runId = run.getSpec().getRunId();
        ClaimOutcome outcome;
        try {
            Optional<String> refusal = settings.runPolicy().violation(observed.template(), settings.jobRunnerImage(),
                            settings.runDefaults().serviceAccountName())
                    .map(v -> "queue " + run.getSpec().getQueue() + ": " + v)
                    .or(() -> preparation.refusal(runId));
            if (refusal.isEmpty()) {
                return Optional.empty();
            }
            outcome = rows().refuse(runId, StatusText.bounded(refusal.get()));
        } catch (DatabaseException e) {
            LOG.warn("Cannot check run {} before claiming it: {}", runId, e.getMessage());
            TransferRun failed = writeStatus(run, context, s -> s.putCondition(TransferRunStatus.CLAIMED, false,
                    "DatabaseUnavailable", StatusText.bounded(e.getMessage()), now(), null));
            return Optional.of(Step.waitFor(failed, DB_RETRY));
        }
        Decision next = outcome instanceof ClaimOutcome.Rejected rejected
                ? PhaseTransitions.cannotRun(rejected.reason())
                : PhaseTransitions.afterClaim(outcome);
        TransferRun ended = enterPhase(run, context, next, null);
        return Optional.of(syncRow(ended, context));
    }

    private Step createJob(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context) {
        TransferRunStatus status = run.statusOrEmpty();
        long transferId = status.getTransferId() == null ? 0L : status.getTransferId();
        RunSpec spec;
        try {
            spec = preparation.spec(run.getSpec().getRunId());
        } catch (TransferLoadException e) {
            // The transfer changed after the claim (a connection or its credentials were deleted): the run cannot start.
            TransferRun ended = enterPhase(run, context, PhaseTransitions.cannotRun(StatusText.bounded(e.getMessage())), null);
            return syncRow(ended, context);
        } catch (DatabaseException e) {
            LOG.warn("Cannot load run {} for its run spec: {}", run.getSpec().getRunId(), e.getMessage());
            TransferRun waiting = writeStatus(run, context, s -> s.putCondition(TransferRunStatus.JOB_CREATED, false,
                    "DatabaseUnavailable", StatusText.bounded(e.getMessage()), now(), null));
            return Step.waitFor(waiting, DB_RETRY);
        }
        Job desired = jobFactory.build(run, transferId, observed.template());
        Instant start = clock.instant();
        try {
            RunSpecSecrets.create(context.getClient(), RunSpecSecrets.build(run, transferId, spec, observed.template()));
            context.getClient().resource(desired).create();
            reporter.jobAccepted(run, Duration.between(start, clock.instant()),
                    ApiTimes.since(run.getSpec().getReceivedAt(), clock.instant()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                return jobRejected(run, observed, context, e);
            }
            LOG.info("Job {} already exists: adopting it", desired.getMetadata().getName());
        }
        TransferRun written = writeStatus(run, context, s ->
                s.putCondition(TransferRunStatus.JOB_CREATED, true, "JobCreated", "Job " + desired.getMetadata().getName() + " exists",
                        now(), null));
        reporter.jobCreated(written, desired.getMetadata().getName());
        return Step.waitFor(written, settings.resync());
    }

    /**
     * The API server refused the run's Secret or Job (403 quota or policy, 422 invalid template, a webhook): retried
     * at each resync while the start timeout allows, then the run fails with the API's message. Never a run that
     * stays Pending forever holding a slot.
     */
    private Step jobRejected(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context,
                             KubernetesClientException e) {
        String message = StatusText.bounded("the API server refused the run's Job (HTTP " + e.getCode() + "): "
                + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
        Optional<Decision> failed = PhaseTransitions.afterJobRejected(observed.observation().sinceAdmitted(),
                observed.observation().limits(), message);
        if (failed.isPresent()) {
            TransferRun ended = enterPhase(run, context, failed.get(), null);
            return syncRow(ended, context);
        }
        boolean first = !run.statusOrEmpty().condition(TransferRunStatus.JOB_CREATED)
                .map(c -> PhaseTransitions.JOB_REJECTED.equals(c.getReason())).orElse(false);
        LOG.warn("Run {}: {} (retrying until the start timeout)", run.getSpec().getRunId(), message);
        TransferRun written = writeStatus(run, context, s -> {
            s.putCondition(TransferRunStatus.JOB_CREATED, false, PhaseTransitions.JOB_REJECTED, message, now(), null);
            s.setReason(PhaseTransitions.JOB_REJECTED);
            s.setMessage(message);
        });
        reporter.jobRejected(written, first, message);
        return Step.waitFor(written, settings.resync());
    }

    private void deleteJob(TransferRun run, Context<TransferRun> context) {
        String jobName = JobNames.jobName(run.getSpec().getRunId());
        context.getClient().batch().v1().jobs().inNamespace(run.getMetadata().getNamespace()).withName(jobName)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    private Step syncRow(TransferRun run, Context<TransferRun> context) {
        RunPhase phase = phaseOf(run);
        Optional<RunStatus> target = phase.finalRowStatus();
        if (target.isEmpty()) {
            TransferRun written = writeStatus(run, context, s ->
                    s.putCondition(TransferRunStatus.DB_SYNCED, true, "NotOwned", "The run row is not this run's to write", now(), null));
            return Step.progressed(written);
        }
        FinishOutcome outcome;
        try {
            outcome = rows().finish(run.getSpec().getRunId(), target.get());
        } catch (IllegalStateException e) {
            // Retrying cannot help (the row went back to a status the final one can never follow): say so, once.
            String message = StatusText.bounded("the run row cannot take " + target.get() + ": " + e.getMessage());
            LOG.error("Run {}: {}; not retried", run.getSpec().getRunId(), message);
            TransferRun written = writeStatus(run, context, s ->
                    s.putCondition(TransferRunStatus.DB_SYNCED, true, "NotWritable", message, now(), null));
            reporter.notWritable(written, message);
            return Step.progressed(written);
        } catch (DatabaseException e) {
            LOG.warn("Cannot write {} into run {}: {} (will retry)", target.get(), run.getSpec().getRunId(), e.getMessage());
            boolean firstFailure = !run.statusOrEmpty().condition(TransferRunStatus.DB_SYNCED)
                    .map(c -> "DatabaseUnavailable".equals(c.getReason())).orElse(false);
            TransferRun written = writeStatus(run, context, s ->
                    s.putCondition(TransferRunStatus.DB_SYNCED, false, "DatabaseUnavailable",
                            "The run row cannot be set to " + target.get() + " yet: " + e.getMessage(), now(), null));
            reporter.dbSyncFailed(written, firstFailure, "Cannot write " + target.get() + " into the run row yet: "
                    + e.getMessage() + " (retrying every " + DB_RETRY.toSeconds() + " s)");
            return Step.waitFor(written, DB_RETRY);
        }
        String message;
        if (outcome instanceof FinishOutcome.AlreadyFinal a) {
            message = "The run row was already " + a.current();
        } else if (outcome instanceof FinishOutcome.NotFound) {
            message = "The run row no longer exists";
        } else {
            message = "The run row is " + target.get();
        }
        TransferRun written = writeStatus(run, context, s ->
                s.putCondition(TransferRunStatus.DB_SYNCED, true, "Synced", message, now(), null));
        reporter.dbSynced(written, ApiTimes.since(written.statusOrEmpty().getFinishedAt(), clock.instant()), message);
        LOG.info("Run {} is {}: {}", run.getSpec().getRunId(), phase.displayName(), message);
        return Step.progressed(written);
    }

    private Step deleteRun(TransferRun run, Context<TransferRun> context) {
        LOG.info("Deleting finished TransferRun {} (TTL elapsed)", run.getMetadata().getName());
        context.getClient().resource(run).delete();
        return Step.waitFor(run, Duration.ofMinutes(1));
    }

    // ---------------------------------------------------------------- status writes

    /** Moves the run into {@code decision.phase()}, writing status (and finishedAt for terminal phases) first. */
    private TransferRun enterPhase(TransferRun run, Context<TransferRun> context, Decision decision, String podName) {
        return enterPhase(run, context, decision, podName, null);
    }

    /** As above, keeping the job-runner's {@code summary} (null when it reported none) in a terminal status. */
    private TransferRun enterPhase(TransferRun run, Context<TransferRun> context, Decision decision, String podName,
            RunSummary summary) {
        RunPhase from = phaseOf(run);
        RunPhase to = decision.phase();
        if (!PhaseTransitions.allowed(from, to)) {
            throw new IllegalStateException("illegal transition " + from + " -> " + to + " for " + run.getMetadata().getName());
        }
        TransferRun written = writeStatus(run, context, s -> {
            s.setPhase(to);
            s.setReason(decision.reason());
            s.setMessage(decision.message());
            if (podName != null) {
                s.setPodName(podName);
            }
            if (to.isTerminal()) {
                Instant end = clock.instant();
                s.setFinishedAt(ApiTimes.microTime(end));
                if (s.getStartedAt() != null) {
                    s.setDuration(RunDurations.format(ApiTimes.since(s.getStartedAt(), end)));
                }
                if (summary != null) {
                    s.setSummary(summary);
                }
                s.putCondition(TransferRunStatus.terminalCondition(to), true, decision.reason(), outcomeMessage(to, decision), now(), null);
                s.putCondition(TransferRunStatus.DB_SYNCED, false, "RowUpdatePending", "The final status is not in the run row yet",
                        now(), null);
            }
        });
        if (to.isTerminal() && written.statusOrEmpty().getJobName() != null) {
            deleteRunSpecSecret(written, context);
        }
        reporter.entered(written, from, to, decision);
        if (from.holdsSlot() && !to.holdsSlot()) {
            wakeQueuedRuns(written, context);
        }
        return written;
    }

    /** The message of a terminal condition: what happened, with the decision's detail. */
    static String outcomeMessage(RunPhase phase, Decision decision) {
        String detail = decision.message() == null ? "" : ": " + decision.message();
        String text = switch (phase) {
            case SUCCEEDED -> "The run succeeded" + detail;
            case FAILED -> "The run failed (" + decision.reason() + ")" + detail;
            case STOPPED -> "The run was stopped" + detail;
            case SKIPPED -> "The run was skipped" + detail;
            default -> throw new IllegalArgumentException(phase + " is not terminal");
        };
        return ConditionText.sentence(text);
    }

    /** The run's credentials leave the cluster as soon as it ends; its owner reference is the fallback. */
    private void deleteRunSpecSecret(TransferRun run, Context<TransferRun> context) {
        try {
            RunSpecSecrets.delete(context.getClient(), run);
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot delete the run spec Secret of run {} (HTTP {}); it goes with the TransferRun",
                    run.getSpec().getRunId(), e.getCode());
        }
    }

    private TransferRun recordWaitingReason(TransferRun run, Context<TransferRun> context, Decision decision) {
        TransferRunStatus s = run.statusOrEmpty();
        if (Objects.equals(s.getReason(), decision.reason()) && Objects.equals(s.getMessage(), decision.message())) {
            return run;
        }
        if (decision.reason() != null) {
            LOG.info("Run {} is pending: {}{}", run.getSpec().getRunId(), decision.reason(),
                    decision.message() == null ? "" : " (" + decision.message() + ")");
        }
        return writeStatus(run, context, st -> {
            st.setReason(decision.reason());
            st.setMessage(decision.message());
        });
    }

    /** A slot was freed: reconcile the queue's oldest waiting runs now instead of at the next resync. */
    private void wakeQueuedRuns(TransferRun run, Context<TransferRun> context) {
        if (wakeups == null) {
            return;
        }
        context.getPrimaryCache()
                .list(run.getMetadata().getNamespace(), r -> run.getSpec().getQueue().equals(r.getSpec().getQueue())
                        && phaseOf(r) == RunPhase.QUEUED)
                .sorted(QueueAdmission.OLDEST_FIRST)
                .limit(4)
                .forEach(r -> wakeups.propagateEvent(ResourceID.fromResource(r)));
    }

    private TransferRun writeStatus(TransferRun run, Context<TransferRun> context, Consumer<TransferRunStatus> change) {
        return RunStatusWriter.write(run, context, change);
    }

    private RunRepository rows() {
        return new RunRepository(dataSource, clock);
    }

    private String now() {
        return ApiTimes.time(clock.instant());
    }

    static RunPhase phaseOf(TransferRun run) {
        return QueueAdmission.phaseOf(run);
    }

    private static MdcScope mdc(TransferRun run) {
        return MdcScope.of(Map.of(
                "run_id", String.valueOf(run.getSpec().getRunId()),
                "queue", String.valueOf(run.getSpec().getQueue()),
                "transfer_id", run.getStatus() == null || run.getStatus().getTransferId() == null ? "" : run.getStatus().getTransferId().toString()));
    }

    /** Puts keys into the logging MDC for the duration of a try-with-resources block. */
    record MdcScope(Set<String> keys) implements AutoCloseable {
        static MdcScope of(Map<String, String> values) {
            values.forEach(MDC::put);
            return new MdcScope(values.keySet());
        }

        @Override
        public void close() {
            keys.forEach(MDC::remove);
        }
    }
}
