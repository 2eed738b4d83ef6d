package io.syncmaster.worker.capability;

import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.TransferLoadException;
import io.syncmaster.worker.db.TransferRepository;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The migration check ({@code syncmaster-worker check-transfers}): every transfer in SyncMaster's database judged by
 * {@link WorkerCapabilities#problem}, the very check the operator makes before it claims a run, so a platform
 * engineer learns before the switch-over which transfers this worker would fail. A transfer whose rows cannot be
 * loaded (a missing connection, unreadable credentials) cannot run either and says why.
 */
public final class TransferCheck {
    /** One transfer's verdict; {@code problem} is empty when this worker can run it. */
    public record Verdict(long transferId, String name, Optional<String> problem) {
    }

    private TransferCheck() {
    }

    public static List<Verdict> check(TransferRepository transfers) {
        List<Verdict> verdicts = new ArrayList<>();
        for (long id : transfers.transferIds()) {
            try {
                RunContext context = transfers.loadTransfer(id);
                verdicts.add(new Verdict(id, context.transfer().name(), WorkerCapabilities.problem(context)));
            } catch (TransferLoadException e) {
                verdicts.add(new Verdict(id, null, Optional.of(e.getMessage())));
            }
        }
        return verdicts;
    }

    /** Prints one line per transfer and a total; returns the exit code (1 when any transfer cannot run). */
    public static int report(List<Verdict> verdicts, PrintStream out) {
        int cannot = 0;
        for (Verdict v : verdicts) {
            String who = "transfer " + v.transferId() + (v.name() == null ? "" : " (" + v.name() + ")");
            if (v.problem().isEmpty()) {
                out.println("OK      " + who);
            } else {
                cannot++;
                out.println("CANNOT  " + who + ": " + v.problem().get());
            }
        }
        out.println(verdicts.size() + " transfers, " + (verdicts.size() - cannot) + " can run on this worker, " + cannot + " cannot");
        return cannot == 0 ? 0 : 1;
    }
}
