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
import io.syncmaster.worker.db.FinishOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.CorrelationIds;
import io.syncmaster.worker.lifecycle.RunClaimer;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.job.JobNames;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.metrics.RunMetrics;
import io.syncmaster.worker.template.LogUrlTemplate;
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
    private QueueAdmission admission;
    private SimpleInboundEventSource<TransferRun> wakeups;

    public TransferRunReconciler(OperatorSettings settings, DataSource dataSource, RunJobFactory jobFactory,
                                 LogUrlTemplate logUrlTemplate, EventPublisher events, RunMetrics metrics, Clock clock) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.jobFactory = jobFactory;
        this.logUrlTemplate = logUrlTemplate;
        this.reporter = new RunReporter(events, metrics);
        this.clock = clock;
        this.observer = new RunObserver(settings, dataSource, clock);
    }

    @Override
    public List<EventSource<?, TransferRun>> prepareEventSources(EventSourceContext<TransferRun> context) {
        admission = new QueueAdmission(context.getClient());
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
            run = enterPhase(run, context, decision, observed.observation().workload().podName());
        } else if (decision.action() == RunAction.WAIT && before == RunPhase.PENDING) {
            run = recordWaitingReason(run, context, decision);
        }
        return switch (decision.action()) {
            case ADMIT -> admit(run, observed, context);
            case CLAIM -> claim(run, context);
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
        Duration since = RunTimes.since(run.statusOrEmpty().getFinishedAt(), clock.instant());
        if (ttl == null || since == null) {
            return Duration.ofHours(1);
        }
        Duration left = ttl.minus(since);
        return left.isNegative() ? Duration.ZERO : left.plusSeconds(1);
    }

    private Step admit(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context) {
        Integer limit = observed.queue() == null ? null : observed.queue().getSpec().getMaxConcurrentRuns();
        QueueAdmission.Result result = admission.tryAdmit(run, limit, r -> writeStatus(r, context, s -> {
            s.setPhase(RunPhase.PENDING);
            s.setAdmittedAt(now());
            s.putCondition(TransferRunStatus.ADMITTED, true, "Admitted", null, now(), null);
        }));
        if (result instanceof QueueAdmission.Admitted admitted) {
            reporter.admitted(admitted.run(), RunTimes.since(run.getSpec().getReceivedAt(), clock.instant()));
            return Step.progressed(admitted.run());
        }
        QueueAdmission.Waiting waiting = (QueueAdmission.Waiting) result;
        String message = waiting.busy() + "/" + waiting.limit() + " runs of queue " + run.getSpec().getQueue()
                + " are pending or running; " + waiting.position() + " older run(s) wait before this one";
        TransferRun written = run;
        if (!run.statusOrEmpty().condition(TransferRunStatus.ADMITTED).map(c -> "QueueFull".equals(c.getReason())).orElse(false)) {
            written = writeStatus(run, context, s -> {
                s.setPhase(RunPhase.QUEUED);
                s.putCondition(TransferRunStatus.ADMITTED, false, "QueueFull", message, now(), null);
            });
            reporter.queueFull(written, message);
        }
        return Step.waitFor(written, settings.resync());
    }

    private Step claim(TransferRun run, Context<TransferRun> context) {
        long runId = run.getSpec().getRunId();
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
                    s.putCondition(TransferRunStatus.CLAIMED, false, "DatabaseUnavailable", e.getMessage(), now(), null));
            return Step.waitFor(failed, DB_RETRY);
        }
        run = intents.run();
        Decision next = PhaseTransitions.afterClaim(outcome);
        if (outcome instanceof ClaimOutcome.Claimed claimed) {
            RunRow row = claimed.row();
            TransferRun written = writeStatus(run, context, s -> {
                s.setTransferId(row.transferId());
                s.setLogUrl(row.logUrl());
                s.putCondition(TransferRunStatus.CLAIMED, true, "Claimed", "run row is STARTED", now(), null);
            });
            reporter.claimed(written);
            return Step.progressed(written);
        }
        TransferRun ended = enterPhase(run, context, next, null);
        return syncRow(ended, context);
    }

    private Step createJob(TransferRun run, RunObserver.Observed observed, Context<TransferRun> context) {
        TransferRunStatus status = run.statusOrEmpty();
        Job desired = jobFactory.build(run, status.getTransferId() == null ? 0L : status.getTransferId(), observed.template());
        Instant start = clock.instant();
        try {
            context.getClient().resource(desired).create();
            reporter.jobAccepted(run, Duration.between(start, clock.instant()),
                    RunTimes.since(run.getSpec().getReceivedAt(), clock.instant()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info("Job {} already exists: adopting it", desired.getMetadata().getName());
        }
        TransferRun written = writeStatus(run, context, s ->
                s.putCondition(TransferRunStatus.JOB_CREATED, true, "JobCreated", "Job " + desired.getMetadata().getName() + " created",
                        now(), null));
        reporter.jobCreated(written, desired.getMetadata().getName());
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
                    s.putCondition(TransferRunStatus.DB_SYNCED, true, "NotOwned", "the run row was not ours to write", now(), null));
            return Step.progressed(written);
        }
        FinishOutcome outcome;
        try {
            outcome = rows().finish(run.getSpec().getRunId(), target.get());
        } catch (RuntimeException e) {
            LOG.warn("Cannot write {} into run {}: {} (will retry)", target.get(), run.getSpec().getRunId(), e.getMessage());
            boolean firstFailure = !run.statusOrEmpty().condition(TransferRunStatus.DB_SYNCED)
                    .map(c -> "DatabaseUnavailable".equals(c.getReason())).orElse(false);
            TransferRun written = writeStatus(run, context, s ->
                    s.putCondition(TransferRunStatus.DB_SYNCED, false, "DatabaseUnavailable", e.getMessage(), now(), null));
            reporter.dbSyncFailed(written, firstFailure, "cannot write " + target.get() + " into the run row yet: "
                    + e.getMessage() + " (retrying every " + DB_RETRY.toSeconds() + " s)");
            return Step.waitFor(written, DB_RETRY);
        }
        String message;
        if (outcome instanceof FinishOutcome.AlreadyFinal a) {
            message = "run row was already " + a.current();
        } else if (outcome instanceof FinishOutcome.NotFound) {
            message = "run row no longer exists";
        } else {
            message = "run row is " + target.get();
        }
        TransferRun written = writeStatus(run, context, s ->
                s.putCondition(TransferRunStatus.DB_SYNCED, true, "Synced", message, now(), null));
        reporter.dbSynced(written, RunTimes.since(written.statusOrEmpty().getFinishedAt(), clock.instant()), message);
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
                s.setFinishedAt(now());
                s.putCondition(TransferRunStatus.COMPLETE, true, decision.reason(), decision.message(), now(), null);
                s.putCondition(TransferRunStatus.DB_SYNCED, false, "Pending", "the final status is not in the run row yet", now(), null);
            }
        });
        reporter.entered(written, from, to, decision);
        if (from.holdsSlot() && !to.holdsSlot()) {
            wakeQueuedRuns(written, context);
        }
        return written;
    }

    private TransferRun recordWaitingReason(TransferRun run, Context<TransferRun> context, Decision decision) {
        TransferRunStatus s = run.statusOrEmpty();
        if (Objects.equals(s.getReason(), decision.reason()) && Objects.equals(s.getMessage(), decision.message())) {
            return run;
        }
        if (decision.reason() != null) {
            LOG.info("Run {} is pending: {} {}", run.getSpec().getRunId(), decision.reason(),
                    decision.message() == null ? "" : decision.message());
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
        return RunTimes.format(clock.instant());
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
