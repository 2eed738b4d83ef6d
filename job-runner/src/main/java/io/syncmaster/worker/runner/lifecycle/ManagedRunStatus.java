package io.syncmaster.worker.runner.lifecycle;

import io.syncmaster.worker.db.ClaimOutcome;
import io.syncmaster.worker.db.FinishOutcome;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.CorrelationIds;
import io.syncmaster.worker.template.LogUrlTemplate;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream run lifecycle (contract §3.1), for a runner started without the operator ({@code --manage-run-status}):
 * claim CREATED → STARTED with started_at and the rendered log_url, then FINISHED or FAILED with ended_at.
 * With the operator, the operator does this and the runner never writes the run row.
 */
public final class ManagedRunStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedRunStatus.class);

    private final RunRepository runs;
    private final String logUrlTemplate;
    private final String correlationId;

    public ManagedRunStatus(DataSource dataSource, Clock clock, String logUrlTemplate, String correlationId) {
        this.runs = new RunRepository(dataSource, clock);
        this.logUrlTemplate = logUrlTemplate;
        this.correlationId = CorrelationIds.orNew(correlationId);
    }

    public RunRepository runs() {
        return runs;
    }

    /** Claims the run; the template is compiled lazily so that a template error is a Rejected claim, as upstream. */
    public ClaimOutcome claim(long runId) {
        return runs.claim(runId, row -> {
            Map<String, Object> extra = new HashMap<>();
            return new LogUrlTemplate(logUrlTemplate).render(row, correlationId, extra);
        });
    }

    /** Writes the terminal status; logs (never throws) when the row is gone or already final. */
    public static void finish(DataSource dataSource, Clock clock, long runId, RunStatus status) {
        try {
            FinishOutcome outcome = new RunRepository(dataSource, clock).finish(runId, status);
            if (outcome instanceof FinishOutcome.AlreadyFinal already) {
                LOG.warn("Run {} already had the final status {}; {} not written", runId, already.current(), status);
            } else if (outcome instanceof FinishOutcome.NotFound) {
                LOG.warn("Run {} no longer exists; {} not written", runId, status);
            } else {
                LOG.info("Run {} is now {}", runId, status);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not write status {} for run {}: {}", status, runId, e.toString());
        }
    }
}
