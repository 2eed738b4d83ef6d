package io.syncmaster.worker.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.capability.WorkerCapabilities;
import io.syncmaster.worker.config.JdbcTarget;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.config.WorkerSettings;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.db.SyncMasterDatabase;
import io.syncmaster.worker.db.TransferRepository;
import io.syncmaster.worker.db.TransferRow;
import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.runspec.RunSpecCodec;
import io.syncmaster.worker.runspec.RunSpecException;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.FailureSummary;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.failure.TerminationLog;
import io.syncmaster.worker.runner.lifecycle.ManagedRunStatus;
import io.syncmaster.worker.runner.spark.SparkSessionProvider;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferExecutor;
import io.syncmaster.worker.runner.transfer.TransferPlan;

/**
 * One execution of {@code run --run-id N}: take the run and its transfer from the run spec file the operator wrote
 * ({@code --run-spec PATH}: this process then never sees SyncMaster's database URL or Fernet key), or load them from
 * the database and decrypt the credentials (a run by hand), run the transfer, and report. Returns the process exit code: 0 on success (or, with {@code --manage-run-status}, when the
 * run was already taken), 1 on failure with a secret-free summary on stderr and in the termination-message file.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Auth keys whose values are secrets (contract §4.2). */
    private static final Pattern SECRET_AUTH_KEY = Pattern.compile("(?i)password|secret|token");

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;

    private final Settings settings;
    private final SparkSessionProvider sparkSessions;
    private final Clock clock;
    private final PrintStream stderr;

    public JobRunner(Settings settings, SparkSessionProvider sparkSessions, Clock clock, PrintStream stderr) {
        this.settings = settings;
        this.sparkSessions = sparkSessions;
        this.clock = clock;
        this.stderr = stderr;
    }

    public int run(RunOptions options) {
        MDC.put("run_id", Long.toString(options.runId()));
        SecretRedactor redactor = new SecretRedactor();
        ManagedRunStatus managed = null;
        TerminationLog terminationLog = new TerminationLog(options.terminationLog());
        try {
            RunContext context;
            TransferPlan plan;
            Map<String, String> sparkDefaults;
            JdbcTarget database = null;
            if (options.runSpec() != null) {
                // The operator's (or standalone worker's) run spec: no database, no Fernet key in this process.
                RunSpec spec = readRunSpec(options);
                context = spec.context();
                sparkDefaults = spec.sparkSessionDefaultConfig();
                sparkDefaults.values().forEach(redactor::register);
                spec.hwmStoreAccess().ifPresent(hwm -> redactor.register(hwm.password()));
                registerSecrets(redactor, context.source());
                registerSecrets(redactor, context.target());
                plan = plan(context);
                checkRunnable(context);
            } else {
                database = settings.database().jdbc();
                redactor.register(database.password());
                String fernetKey = settings.encryption().secretKey();
                redactor.register(fernetKey);
                WorkerSettings worker = settings.tree().has("worker") ? settings.worker() : WorkerSettings.of("", Map.of());
                sparkDefaults = worker.sparkSessionDefaultConfig();
                try (SyncMasterDatabase db = SyncMasterDatabase.open(database, "job-runner-" + options.runId(), 2)) {
                    if (options.manageRunStatus()) {
                        managed = new ManagedRunStatus(db.dataSource(), clock, worker.logUrlTemplate(), options.correlationId());
                        Optional<RunRow> row = managed.runs().find(options.runId());
                        if (row.isEmpty()) {
                            throw new RunFailure(FailureSide.SETUP, "run " + options.runId() + " does not exist");
                        }
                        if (row.get().status() != RunStatus.CREATED) {
                            LOG.info("Run {} not found or already executed by someone else (status {})", options.runId(),
                                    row.get().status());
                            return EXIT_OK;
                        }
                    }
                    context = load(db, fernetKey, options.runId());
                    registerSecrets(redactor, context.source());
                    registerSecrets(redactor, context.target());
                    // Before the claim: a run this worker cannot execute goes CREATED -> FAILED, never STARTED.
                    plan = plan(context);
                    checkRunnable(context);
                    if (managed != null && !claim(managed, options.runId())) {
                        return EXIT_OK;
                    }
                }
            }
            MDC.put("transfer_id", Long.toString(context.transfer().id()));
            LOG.info("Run {}: transfer {} '{}' from {} {} to {} {}", options.runId(), plan.transferId(), context.transfer().name(),
                    plan.sourceType().typeName(), plan.sourceTable(), plan.targetType().typeName(), plan.targetTable());
            long rows = new TransferExecutor(sparkSessions, sparkDefaults, options.sparkConf(), redactor)
                    .execute(plan);
            LOG.info("Run {} finished: {} rows in {}", options.runId(), rows, plan.targetTable());
            if (managed != null) {
                finish(database, options.runId(), RunStatus.FINISHED);
            }
            return EXIT_OK;
        } catch (Throwable error) {
            FailureSummary summary = FailureSummary.of(error, FailureSide.SETUP, redactor);
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            LOG.error("Run {} failed on the {} side: {}\n{}", options.runId(), summary.side().label(), summary.message(),
                    redactor.redact(trace.toString()));
            stderr.print(summary.render());
            stderr.flush();
            terminationLog.write(summary.render());
            if (managed != null) {
                finishQuietly(redactor, options.runId());
            }
            return EXIT_FAILED;
        } finally {
            MDC.remove("transfer_id");
            MDC.remove("run_id");
        }
    }

    /** Reads {@code --run-spec}; it must describe the run named by {@code --run-id}. */
    private static RunSpec readRunSpec(RunOptions options) {
        if (options.manageRunStatus()) {
            throw new RunFailure(FailureSide.SETUP, "--run-spec and --manage-run-status exclude each other: with a run "
                    + "spec the operator or the standalone worker owns the run row");
        }
        RunSpec spec;
        try {
            spec = RunSpecCodec.decode(Files.readAllBytes(options.runSpec()));
        } catch (IOException e) {
            throw new RunFailure(FailureSide.SETUP, "cannot read the run spec " + options.runSpec() + ": "
                    + e.getClass().getSimpleName());
        } catch (RunSpecException e) {
            throw new RunFailure(FailureSide.SETUP, e.getMessage() + " (" + options.runSpec() + ")");
        }
        if (spec.runId() != options.runId()) {
            throw new RunFailure(FailureSide.SETUP, "the run spec " + options.runSpec() + " describes run " + spec.runId()
                    + ", not run " + options.runId());
        }
        return spec;
    }

    /** The same "can this worker run it" check the operator made before claiming (never trust the claimer alone). */
    private static void checkRunnable(RunContext context) {
        WorkerCapabilities.problem(context).ifPresent(problem -> {
            throw new RunFailure(FailureSide.SETUP, "run " + context.run().id() + " cannot be executed: " + problem);
        });
    }

    private static RunContext load(SyncMasterDatabase db, String fernetKey, long runId) {
        try {
            return new TransferRepository(db.dataSource(), new CredentialCipher(fernetKey)).load(runId);
        } catch (RuntimeException e) {
            throw new RunFailure(FailureSide.SETUP, "cannot load run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static boolean claim(ManagedRunStatus managed, long runId) {
        ClaimOutcome outcome = managed.claim(runId);
        if (outcome instanceof ClaimOutcome.Claimed claimed) {
            LOG.info("Run {} claimed, log_url '{}'", runId, claimed.row().logUrl());
            return true;
        }
        if (outcome instanceof ClaimOutcome.Rejected rejected) {
            throw new RunFailure(FailureSide.SETUP, "run " + runId + " could not be started: " + rejected.reason());
        }
        LOG.info("Run {} not found or already executed by someone else ({})", runId, outcome);
        return false;
    }

    /** Writes the final status on a fresh pool: no database connection is held while the transfer runs (as upstream). */
    private void finish(JdbcTarget database, long runId, RunStatus status) {
        try (SyncMasterDatabase db = SyncMasterDatabase.open(database, "job-runner-" + runId, 1)) {
            ManagedRunStatus.finish(db.dataSource(), clock, runId, status);
        }
    }

    private void finishQuietly(SecretRedactor redactor, long runId) {
        try {
            finish(settings.database().jdbc(), runId, RunStatus.FAILED);
        } catch (RuntimeException e) {
            LOG.error("Could not mark run {} FAILED: {}", runId, redactor.redact(e.toString()));
        }
    }

    private static TransferPlan plan(RunContext context) {
        TransferRow transfer = context.transfer();
        return TransferPlan.create(context.run().id(), transfer.id(), context.groupName(), transfer.name(),
                spec(context.source()), spec(context.target()), transfer.strategyParams(), transfer.sourceParams(),
                transfer.targetParams(), transfer.transformations(), transfer.resources());
    }

    private static ConnectionSpec spec(ConnectionDetails details) {
        return new ConnectionSpec(details.id(), details.type(), details.name(), details.merged());
    }

    private static void registerSecrets(SecretRedactor redactor, ConnectionDetails details) {
        JsonNode auth = details.auth();
        Iterator<Map.Entry<String, JsonNode>> fields = auth.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (SECRET_AUTH_KEY.matcher(field.getKey()).find() && field.getValue().isTextual()) {
                redactor.register(field.getValue().asText());
            }
        }
    }
}
