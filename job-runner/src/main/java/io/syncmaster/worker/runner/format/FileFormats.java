package io.syncmaster.worker.runner.format;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** Builds the {@link FileFormat} a stored {@code file_format} object describes (transfer-semantics §4.1). */
public final class FileFormats {
    private FileFormats() {
    }

    /**
     * @param field the JSON path for messages, e.g. {@code transfer.source_params.file_format}
     */
    public static FileFormat parse(JsonNode node, FailureSide side, String field) {
        if (node == null || !node.isObject()) {
            throw new RunFailure(side, field + " must be a JSON object");
        }
        FormatJson json = new FormatJson(node, side, field);
        String type = node.path("type").asText("");
        return switch (type) {
            case "csv" -> new CsvFormat(json);
            case "jsonline" -> new JsonLineFormat(json);
            case "json" -> new JsonFormat(json);
            case "excel" -> new ExcelFormat(json, new PoiExcelEngine());
            case "xml" -> new XmlFormat(json);
            case "orc" -> new OrcFormat(json);
            case "parquet" -> new ParquetFormat(json);
            default -> throw new RunFailure(side, field + ".type '" + type
                    + "' is not one of csv, jsonline, json, excel, xml, orc, parquet");
        };
    }

    /** As {@link #parse}, for a target: {@code json} is refused here, before anything is written. */
    public static FileFormat parseWritable(JsonNode node, FailureSide side, String field) {
        FileFormat format = parse(node, side, field);
        if (!format.writable()) {
            throw new RunFailure(side, field + ".type '" + format.typeName() + "' can only be read, not written");
        }
        return format;
    }
}
