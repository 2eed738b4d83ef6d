package io.syncmaster.worker.operator.run;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.syncmaster.worker.lifecycle.ClaimIntents;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.operator.crd.TransferRunStatus;
import io.syncmaster.worker.operator.job.JobNames;
import io.syncmaster.worker.operator.kube.ApiTimes;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The operator's claim intents: {@code status.startedAt} of the TransferRun (with the Job name and condition
 * Claimed=False "Claiming"), written before the claim's UPDATE. Holds the resource as last written.
 */
final class StatusClaimIntents implements ClaimIntents {

    private final Context<TransferRun> context;
    private final Clock clock;
    private TransferRun run;

    StatusClaimIntents(TransferRun run, Context<TransferRun> context, Clock clock) {
        this.run = run;
        this.context = context;
        this.clock = clock;
    }

    @Override
    public Optional<Instant> previous(long runId) {
        return Optional.ofNullable(ApiTimes.parse(run.statusOrEmpty().getStartedAt()));
    }

    @Override
    public void record(long runId, Instant claimTime) {
        String now = ApiTimes.time(clock.instant());
        run = RunStatusWriter.write(run, context, s -> {
            s.setStartedAt(ApiTimes.microTime(claimTime));
            s.setJobName(JobNames.jobName(runId));
            s.putCondition(TransferRunStatus.CLAIMED, false, "Claiming", "The operator is claiming the run row (CREATED → STARTED)", now, null);
        });
    }

    /** The TransferRun as last written. */
    TransferRun run() {
        return run;
    }
}
