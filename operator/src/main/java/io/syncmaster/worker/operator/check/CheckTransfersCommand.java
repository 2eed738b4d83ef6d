package io.syncmaster.worker.operator.check;

import io.syncmaster.worker.capability.TransferCheck;
import io.syncmaster.worker.cli.Subcommand;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.db.SyncMasterDatabase;
import io.syncmaster.worker.db.TransferRepository;
import picocli.CommandLine.Command;

/**
 * {@code syncmaster-worker check-transfers}: the first step of a switch-over from the Celery worker. Reads SyncMaster's
 * database (the usual {@code SYNCMASTER__*} settings) and prints, per transfer, whether this worker can run it and
 * if not why; exits 1 when any cannot. The judgement is {@link TransferCheck}, i.e. the operator's pre-claim check.
 */
@Command(name = "check-transfers", mixinStandardHelpOptions = true,
        description = "Print, per transfer in SyncMaster's database, whether this worker can run it (exit 1 if any cannot).")
public final class CheckTransfersCommand implements Subcommand {
    @Override
    public Integer call() {
        Settings settings = Settings.load();
        try (SyncMasterDatabase database = SyncMasterDatabase.open(settings.database().jdbc(), "syncmaster-check", 2)) {
            TransferRepository transfers = new TransferRepository(database.dataSource(), settings.encryption().cipher());
            return TransferCheck.report(TransferCheck.check(transfers), System.out);
        }
    }
}
