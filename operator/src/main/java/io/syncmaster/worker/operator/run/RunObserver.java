package io.syncmaster.worker.operator.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.StopPolicy;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunPhase;
import io.syncmaster.worker.operator.crd.SyncWorkerQueue;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.job.EffectiveRunTemplate;
import io.syncmaster.worker.operator.job.JobNames;
import io.syncmaster.worker.operator.job.WorkloadObserver;
import io.syncmaster.worker.operator.kube.ApiTimes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observe step of the TransferRun reconciler: gathers the TransferRun's status, its queue's run template, the Job
 * and Pod from the informer caches (asking the API server when the Job cache may lag), and the row's status, into
 * one {@link RunObservation} for {@link PhaseTransitions#decide}. It reads and never writes.
 */
final class RunObserver {
    private static final Logger LOG = LoggerFactory.getLogger(RunObserver.class);

    private final OperatorSettings settings;
    private final DataSource dataSource;
    private final Clock clock;

    RunObserver(OperatorSettings settings, DataSource dataSource, Clock clock) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.clock = clock;
    }


    /** The observation plus the objects it was made from. */
    public record Observed(RunObservation observation, Job job, EffectiveRunTemplate template, SyncWorkerQueue queue) {
    }

    public Observed observe(TransferRun run, Context<TransferRun> context) {
        TransferRunStatus status = run.statusOrEmpty();
        Instant now = clock.instant();
        Optional<SyncWorkerQueue> queue = context.getSecondaryResource(SyncWorkerQueue.class);
        EffectiveRunTemplate template = EffectiveRunTemplate.resolve(queue.map(q -> q.getSpec().getRunTemplate()).orElse(null), settings);
        Job job = context.getSecondaryResource(Job.class).orElse(null);
        if (job == null && status.isTrue(TransferRunStatus.JOB_CREATED) && !QueueAdmission.phaseOf(run).isTerminal()) {
            // The informer may lag behind our own create: ask the API server before concluding the Job is gone.
            job = context.getClient().batch().v1().jobs().inNamespace(run.getMetadata().getNamespace())
                    .withName(JobNames.jobName(run.getSpec().getRunId())).get();
        }
        Set<Pod> pods = context.getSecondaryResources(Pod.class);
        WorkloadState workload = WorkloadObserver.observe(job, pods);

        Optional<RunStatus> row = Optional.empty();
        boolean rowKnown = true;
        if (!QueueAdmission.phaseOf(run).isTerminal()) {
            try {
                row = new RunRepository(dataSource, clock).find(run.getSpec().getRunId()).map(RunRow::status);
            } catch (RuntimeException e) {
                rowKnown = false;
                LOG.warn("Cannot read run {} from the database: {}", run.getSpec().getRunId(), e.getMessage());
            }
        }
        Optional<String> stop = Optional.empty();
        if (run.getSpec().stopRequested()) {
            stop = Optional.of("spec.stop was set on the TransferRun");
        } else if (rowKnown) {
            stop = StopPolicy.stopReason(row, claimedAndActive(run));
        }
        RunObservation observation = new RunObservation(
                QueueAdmission.phaseOf(run),
                status.isTrue(TransferRunStatus.CLAIMED),
                status.isTrue(TransferRunStatus.JOB_CREATED),
                status.isTrue(TransferRunStatus.DB_SYNCED),
                stop,
                rowKnown ? row : null,
                workload,
                ApiTimes.since(status.getAdmittedAt(), now),
                workload.kind() == WorkloadState.Kind.RUNNING || QueueAdmission.phaseOf(run) == RunPhase.RUNNING
                        ? ApiTimes.since(status.getStartedAt(), now) : null,
                ApiTimes.since(status.getFinishedAt(), now),
                template.limits());
        return new Observed(observation, job, template, queue.orElse(null));
    }

    /** Claimed by us and not yet ended: the row must stay ours (see {@link StopPolicy}). */
    static boolean claimedAndActive(TransferRun run) {
        RunPhase phase = QueueAdmission.phaseOf(run);
        return run.statusOrEmpty().isTrue(TransferRunStatus.CLAIMED) && phase.holdsSlot() && !phase.isTerminal();
    }
}
