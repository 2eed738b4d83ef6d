package io.syncmaster.worker.runner.transfer;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.jdbc.TableName;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * What one run has to do, validated before Spark starts: both sides' connection types (which must match the
 * transfer's params, contract §3.6), tables, strategy, resources and transformations.
 */
public record TransferPlan(long runId, long transferId, String appName,
        ConnectionType sourceType, ConnectionSpec source, TableName sourceTable,
        ConnectionType targetType, ConnectionSpec target, TableName targetTable,
        Resources resources, Transformations transformations) {

    /**
     * @param strategyParams transfer.strategy_params
     * @param sourceParams   transfer.source_params
     * @param targetParams   transfer.target_params
     */
    public static TransferPlan create(long runId, long transferId, String groupName, String transferName,
            ConnectionSpec source, ConnectionSpec target, JsonNode strategyParams, JsonNode sourceParams,
            JsonNode targetParams, JsonNode transformations, JsonNode resources) {
        ConnectionType sourceType = checkType(source, sourceParams, FailureSide.SOURCE, "source");
        ConnectionType targetType = checkType(target, targetParams, FailureSide.TARGET, "target");
        String strategy = strategyParams == null ? "full" : strategyParams.path("type").asText("full");
        switch (strategy) {
            case "full" -> { }
            case "incremental" -> throw new RunFailure(FailureSide.SETUP,
                    "strategy incremental is not supported by this job-runner yet (it needs the HWM store)");
            default -> throw new RunFailure(FailureSide.SETUP, "transfer.strategy_params.type '" + strategy + "' is unknown");
        }
        TableName sourceTable = TableName.parse(sourceParams.path("table_name").asText(null), FailureSide.SOURCE,
                "transfer.source_params");
        TableName targetTable = TableName.parse(targetParams.path("table_name").asText(null), FailureSide.TARGET,
                "transfer.target_params");
        return new TransferPlan(runId, transferId, "SyncMaster__" + groupName + "_" + transferName,
                sourceType, source, sourceTable, targetType, target, targetTable,
                Resources.parse(resources), Transformations.parse(transformations));
    }

    private static ConnectionType checkType(ConnectionSpec connection, JsonNode params, FailureSide side, String which) {
        String what = which + " connection " + connection.id();
        ConnectionType type = ConnectionType.supportedOrFail(connection.type(), side, what);
        if (params == null || !params.isObject()) {
            throw new RunFailure(side, "transfer." + which + "_params must be a JSON object");
        }
        String paramsType = params.path("type").asText("");
        if (!paramsType.equals(connection.type())) {
            throw new RunFailure(side, "transfer." + which + "_params.type is '" + paramsType + "' but " + what
                    + " is of type '" + connection.type() + "'");
        }
        return type;
    }
}
