package io.syncmaster.worker.runner.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.sql.SparkSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.SecretRedactor;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.RunSummary;
import io.syncmaster.worker.runner.transfer.TransferController;
import io.syncmaster.worker.runner.transfer.TransferPlan;

/**
 * Whole runs between PostgreSQL and a file connection through the production {@link TransferController}
 * (validate, Spark, check, stale cleanup, read, write, summary), with the shared test Spark session and the file
 * connector under test in place of the registry's own instance of its type (e.g. an HDFS connector that knows the
 * test cluster).
 */
public final class FileTransfers {
    private static final AtomicLong RUN_IDS = new AtomicLong(700_000);

    private FileTransfers() {
    }

    public static RunEnvironment environment(SparkSession spark, Path scratch) {
        return new RunEnvironment(spark, scratch, "tests syncmaster-job-runner", new SecretRedactor());
    }

    public static SideSpec side(FailureSide side, String type, ObjectNode merged, JsonNode params, RunIdentity run) {
        return new SideSpec(side, new ConnectionSpec(side == FailureSide.SOURCE ? 1 : 2, type, side.label(), merged), params, run);
    }

    public static long nextRunId() {
        return RUN_IDS.incrementAndGet();
    }

    /** PostgreSQL {@code public.<table>} → the file target described by {@code targetParams}. */
    public static RunSummary postgresToFiles(ScratchDatabase pg, String table, Connector fileConnector, ObjectNode fileConnection,
            ObjectNode targetParams, RunIdentity run) {
        ObjectNode sourceParams = Plans.JSON.createObjectNode().put("type", "postgres").put("table_name", "public." + table);
        return run(fileConnector, new ConnectionSpec(1, "postgres", "source", pg.merged()), sourceParams,
                new ConnectionSpec(2, fileConnector.type(), "target", fileConnection), targetParams, "[]", run);
    }

    /** The file source described by {@code sourceParams} → PostgreSQL {@code public.<table>} (replaced). */
    public static RunSummary filesToPostgres(Connector fileConnector, ObjectNode fileConnection, ObjectNode sourceParams,
            String transformationsJson, ScratchDatabase pg, String table, RunIdentity run) {
        ObjectNode targetParams = Plans.JSON.createObjectNode().put("type", "postgres").put("table_name", "public." + table);
        return run(fileConnector, new ConnectionSpec(1, fileConnector.type(), "source", fileConnection), sourceParams,
                new ConnectionSpec(2, "postgres", "target", pg.merged()), targetParams, transformationsJson, run);
    }

    private static RunSummary run(Connector fileConnector, ConnectionSpec source, ObjectNode sourceParams, ConnectionSpec target,
            ObjectNode targetParams, String transformationsJson, RunIdentity run) {
        TransferPlan plan = TransferPlan.create(run.runId(), run.transferId(), "tests", "transfer_" + run.runId(),
                run.runCreatedAt(), source, target, Plans.JSON.createObjectNode().put("type", "full"), sourceParams,
                targetParams, Plans.json(transformationsJson), Plans.JSON.createObjectNode().put("max_parallel_tasks", 2));
        List<Connector> connectors = new ArrayList<>();
        ServiceLoader.load(Connector.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> !c.type().equals(fileConnector.type())).forEach(connectors::add);
        connectors.add(fileConnector);
        TransferController controller = new TransferController(new ConnectorRegistry(connectors), new SharedSpark(), Map.of(),
                Map.of(), new SecretRedactor(), io.syncmaster.worker.runner.transfer.StrategyFactory.fullOnly(), List.of());
        return controller.run(plan);
    }

    /** Runs of transfer {@code transferId}, created at {@link FileFixtures#RUN_CREATED_AT}. */
    public static RunIdentity run(long transferId) {
        return new RunIdentity(nextRunId(), transferId, "tests", Optional.of(FileFixtures.RUN_CREATED_AT));
    }
}
