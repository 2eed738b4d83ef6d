package io.syncmaster.worker.runner.support;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.transfer.ConnectionSpec;
import io.syncmaster.worker.runner.transfer.TransferPlan;

/** Builds {@link TransferPlan}s between scratch databases, as {@code TransferPlan.create} would from the SyncMaster rows. */
public final class Plans {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong RUN_IDS = new AtomicLong(900_000);

    private Plans() {
    }

    public static TransferPlan full(ScratchDatabase source, String sourceTable, ScratchDatabase target, String targetTable,
            String transformationsJson, int maxParallelTasks) {
        return full(source, source.merged(), sourceTable, target, target.merged(), targetTable, transformationsJson, maxParallelTasks);
    }

    public static TransferPlan full(ScratchDatabase source, ObjectNode sourceMerged, String sourceTable, ScratchDatabase target,
            ObjectNode targetMerged, String targetTable, String transformationsJson, int maxParallelTasks) {
        return full(source.connectionType(), sourceMerged, source.schema() + "." + sourceTable, target.connectionType(), targetMerged,
                target.schema() + "." + targetTable, transformationsJson, maxParallelTasks);
    }

    /** A full-strategy plan between any two connection types; table names as written in the params ({@code schema.table}). */
    public static TransferPlan full(String sourceType, ObjectNode sourceMerged, String sourceTableName, String targetType,
            ObjectNode targetMerged, String targetTableName, String transformationsJson, int maxParallelTasks) {
        ObjectNode sourceParams = JSON.createObjectNode().put("type", sourceType).put("table_name", sourceTableName);
        ObjectNode targetParams = JSON.createObjectNode().put("type", targetType).put("table_name", targetTableName);
        ObjectNode resources = JSON.createObjectNode().put("max_parallel_tasks", maxParallelTasks)
                .put("cpu_cores_per_task", 1).put("ram_bytes_per_task", 1L << 30);
        long runId = RUN_IDS.incrementAndGet();
        return TransferPlan.create(runId, 1, "tests", "transfer_" + runId,
                new ConnectionSpec(1, sourceType, "source", sourceMerged),
                new ConnectionSpec(2, targetType, "target", targetMerged),
                JSON.createObjectNode().put("type", "full"), sourceParams, targetParams, json(transformationsJson), resources);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The rows filter of transfer-semantics §6.1. */
    public static final String ROWS_FILTER = """
            [{"type": "dataframe_rows_filter", "filters": [
              {"type": "is_not_null", "field": "BIRTH_DATE"},
              {"type": "less_or_equal", "field": "NUMBER", "value": "25"},
              {"type": "not_like", "field": "REGION", "value": "%port"},
              {"type": "not_ilike", "field": "REGION", "value": "new%"},
              {"type": "regexp", "field": "PHONE_NUMBER", "value": "^[^+].*"}]}]
            """;

    /** The columns filter of transfer-semantics §6.1 with the dialect's string type. */
    public static String columnsFilter(String stringType) {
        return """
                [{"type": "dataframe_columns_filter", "filters": [
                  {"type": "include", "field": "ID"},
                  {"type": "include", "field": "REGION"},
                  {"type": "include", "field": "PHONE_NUMBER"},
                  {"type": "rename", "field": "REGION", "to": "REGION2"},
                  {"type": "cast", "field": "NUMBER", "as_type": "%s"},
                  {"type": "include", "field": "REGISTERED_AT"}]}]
                """.formatted(stringType);
    }
}
