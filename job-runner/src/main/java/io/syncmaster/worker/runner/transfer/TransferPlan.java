package io.syncmaster.worker.runner.transfer;

import java.time.OffsetDateTime;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * What one run has to do, checked before Spark starts: both sides' connections and params (whose {@code type} must
 * match the connection's, contract §3.6), the strategy, resources and transformations. What each side's connection
 * and params mean is the business of its connector ({@link TransferController} validates them through the
 * {@link ConnectorRegistry}); the plan only carries them.
 */
public record TransferPlan(RunIdentity run, ConnectionSpec source, JsonNode sourceParams, ConnectionSpec target,
        JsonNode targetParams, JsonNode strategyParams, Resources resources, Transformations transformations) {

    /**
     * @param strategyParams transfer.strategy_params
     * @param sourceParams   transfer.source_params
     * @param targetParams   transfer.target_params
     */
    public static TransferPlan create(long runId, long transferId, String groupName, String transferName,
            ConnectionSpec source, ConnectionSpec target, JsonNode strategyParams, JsonNode sourceParams,
            JsonNode targetParams, JsonNode transformations, JsonNode resources) {
        return create(runId, transferId, groupName, transferName, Optional.empty(), source, target, strategyParams,
                sourceParams, targetParams, transformations, resources);
    }

    /** As {@link #create(long, long, String, String, ConnectionSpec, ConnectionSpec, JsonNode, JsonNode, JsonNode, JsonNode, JsonNode)}, with the run's creation time. */
    public static TransferPlan create(long runId, long transferId, String groupName, String transferName,
            Optional<OffsetDateTime> runCreatedAt, ConnectionSpec source, ConnectionSpec target, JsonNode strategyParams,
            JsonNode sourceParams, JsonNode targetParams, JsonNode transformations, JsonNode resources) {
        checkParams(source, sourceParams, FailureSide.SOURCE);
        checkParams(target, targetParams, FailureSide.TARGET);
        String strategy = strategyParams == null || strategyParams.isNull() ? "full" : strategyParams.path("type").asText("full");
        switch (strategy) {
            case "full" -> { }
            case "incremental" -> throw new RunFailure(FailureSide.SETUP,
                    "strategy incremental is not supported by this job-runner yet (it needs the HWM store)");
            default -> throw new RunFailure(FailureSide.SETUP, "transfer.strategy_params.type '" + strategy + "' is unknown");
        }
        RunIdentity run = new RunIdentity(runId, transferId, "SyncMaster__" + groupName + "_" + transferName, runCreatedAt);
        return new TransferPlan(run, source, sourceParams, target, targetParams, strategyParams,
                Resources.parse(resources), Transformations.parse(transformations));
    }

    public long runId() {
        return run.runId();
    }

    public long transferId() {
        return run.transferId();
    }

    public String appName() {
        return run.appName();
    }

    /** The source side for its connector to validate. */
    public SideSpec sourceSide() {
        return new SideSpec(FailureSide.SOURCE, source, sourceParams, run);
    }

    /** The target side for its connector to validate. */
    public SideSpec targetSide() {
        return new SideSpec(FailureSide.TARGET, target, targetParams, run);
    }

    private static void checkParams(ConnectionSpec connection, JsonNode params, FailureSide side) {
        String which = side.label();
        if (params == null || !params.isObject()) {
            throw new RunFailure(side, "transfer." + which + "_params must be a JSON object");
        }
        String paramsType = params.path("type").asText("");
        if (!paramsType.equals(connection.type())) {
            throw new RunFailure(side, "transfer." + which + "_params.type is '" + paramsType + "' but " + which + " connection "
                    + connection.id() + " is of type '" + connection.type() + "'");
        }
    }
}
