package io.syncmaster.worker.runspec;

import io.syncmaster.worker.capability.WorkerCapabilities;
import io.syncmaster.worker.db.DatabaseException;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.TransferLoadException;
import io.syncmaster.worker.db.TransferRepository;
import java.util.Objects;
import java.util.Optional;

/**
 * What both workers (operator and standalone) do with a run around its claim: before it, decide whether this worker
 * can execute the run at all (the rows load, the credentials decrypt, {@link WorkerCapabilities} accepts it), so a
 * hopeless run goes CREATED → FAILED without a pod; after it, build the {@link RunSpec} the job-runner receives.
 */
public final class RunPreparation {

    private final TransferRepository transfers;
    private final RunSpecFactory specs;

    public RunPreparation(TransferRepository transfers, RunSpecFactory specs) {
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.specs = Objects.requireNonNull(specs, "specs");
    }

    /**
     * Why this worker cannot execute the run (a message naming the ids and fields, never a value), or empty if it
     * can. Empty too when the run row itself is gone: the claim reports that (the run is skipped, not failed).
     *
     * @throws DatabaseException if the database cannot be read (retry later; nothing is decided)
     */
    public Optional<String> refusal(long runId) {
        RunContext context;
        try {
            context = transfers.load(runId);
        } catch (TransferLoadException e) {
            if (e.kind() == TransferLoadException.Kind.RUN_NOT_FOUND) {
                return Optional.empty();
            }
            return Optional.of(e.getMessage());
        }
        return WorkerCapabilities.problem(context);
    }

    /**
     * The run spec of a claimed run, loaded again from the database (nothing is kept in memory between the claim and
     * the start of the job-runner, so a restarted worker builds the same spec).
     *
     * @throws TransferLoadException if the rows changed since the claim and can no longer be loaded
     * @throws DatabaseException     if the database cannot be read
     */
    public RunSpec spec(long runId) {
        return specs.build(transfers.load(runId));
    }
}
