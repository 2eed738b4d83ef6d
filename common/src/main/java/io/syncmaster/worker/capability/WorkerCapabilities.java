package io.syncmaster.worker.capability;

import com.fasterxml.jackson.databind.JsonNode;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.TransferRow;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What this worker can execute, and the check "can it run this transfer?" made before a run is claimed: a run that
 * cannot work (a connection type, strategy or transformation the job-runner does not implement, a driver property
 * outside the allow-list, a host that is not a host name) fails CREATED → FAILED without a pod ever starting, and
 * the job-runner makes the same check again before connecting anywhere.
 *
 * <p>{@link #CONNECTION_TYPES} is the one list of supported connection types: the job-runner's connector registry
 * honours it too, so adding a connector means adding its type name here (one line) and its class there.
 */
public final class WorkerCapabilities {

    /** SyncMaster connection types the job-runner moves data for. */
    public static final List<String> CONNECTION_TYPES = List.of(
            "postgres",
            "mysql");

    /** {@code transfer.strategy_params.type} values the job-runner implements. */
    public static final List<String> STRATEGIES = List.of("full");

    /** {@code transfer.transformations[].type} values the job-runner understands (some are ignored, as upstream). */
    public static final List<String> TRANSFORMATIONS = List.of(
            "dataframe_rows_filter", "dataframe_columns_filter", "file_metadata_filter", "sql");

    /** A DNS name, an IPv4 address or an IPv6 address (bracketed or not): nothing that could extend a JDBC URL. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}|\\[?[0-9A-Fa-f:.%]{2,64}]?");

    private WorkerCapabilities() {
    }

    /** Whether the job-runner implements connection type {@code typeName}. */
    public static boolean supportsConnectionType(String typeName) {
        return CONNECTION_TYPES.contains(typeName);
    }

    /**
     * Why this worker cannot execute the run, or empty if it can. The message names the field (and the connection
     * id), never a value that could be a secret.
     */
    public static Optional<String> problem(RunContext context) {
        TransferRow transfer = context.transfer();
        return connectionProblem(context.source(), transfer.sourceParams(), "source")
                .or(() -> connectionProblem(context.target(), transfer.targetParams(), "target"))
                .or(() -> strategyProblem(transfer.strategyParams()))
                .or(() -> transformationsProblem(transfer.transformations()));
    }

    private static Optional<String> connectionProblem(ConnectionDetails connection, JsonNode params, String side) {
        String what = side + " connection " + connection.id();
        if (!supportsConnectionType(connection.type())) {
            return Optional.of(what + ": connection type '" + connection.type() + "' is not supported by this worker"
                    + " (supported: " + String.join(", ", CONNECTION_TYPES) + ")");
        }
        if (params == null || !params.isObject()) {
            return Optional.of("transfer." + side + "_params must be a JSON object");
        }
        String paramsType = params.path("type").asText("");
        if (!paramsType.equals(connection.type())) {
            return Optional.of("transfer." + side + "_params.type is '" + paramsType + "' but " + what
                    + " is of type '" + connection.type() + "'");
        }
        JsonNode data = connection.data();
        JsonNode host = data.path("host");
        if (host.isValueNode() && !host.isNull() && !HOST.matcher(host.asText()).matches()) {
            return Optional.of(what + ": data.host is not a host name or IP address");
        }
        return DriverProperties.problem(connection.type(), data.path("additional_params"),
                what + " data.additional_params");
    }

    private static Optional<String> strategyProblem(JsonNode strategyParams) {
        String strategy = strategyParams == null ? "full" : strategyParams.path("type").asText("full");
        if (!STRATEGIES.contains(strategy)) {
            return Optional.of("transfer.strategy_params.type '" + strategy + "' is not supported by this worker"
                    + " (supported: " + String.join(", ", STRATEGIES) + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> transformationsProblem(JsonNode transformations) {
        if (transformations == null || transformations.isNull() || transformations.isMissingNode()) {
            return Optional.empty();
        }
        if (!transformations.isArray()) {
            return Optional.of("transfer.transformations must be a JSON list");
        }
        for (int i = 0; i < transformations.size(); i++) {
            String type = transformations.get(i).path("type").asText("");
            if (!TRANSFORMATIONS.contains(type)) {
                return Optional.of("transfer.transformations[" + i + "].type '" + type
                        + "' is not supported by this worker");
            }
        }
        return Optional.empty();
    }
}
