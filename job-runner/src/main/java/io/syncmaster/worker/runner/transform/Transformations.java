package io.syncmaster.worker.runner.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * The parsed {@code transfer.transformations} list: all row filters, column filters and file metadata filters, each
 * concatenated in list order. File metadata filters apply to every file source and mean nothing to a database
 * source. A {@code sql} transformation (at most one) is validated here and executed by the controller over the
 * filtered rows ({@link SqlTransformation}); upstream stores it and ignores it.
 */
public record Transformations(List<RowFilter> rowFilters, List<ColumnFilter> columnFilters,
        List<FileMetadataFilter> fileFilters, Optional<SqlTransformation> sql) {

    /**
     * A cast target must be a plain SQL type name ({@code VARCHAR(30)}, {@code CHAR}, {@code DOUBLE PRECISION},
     * {@code NUMERIC(10, 2)}, {@code TEXT[]}): it is pasted into the query, so anything else is refused.
     */
    private static final Pattern SQL_TYPE = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_]*(\\s+[A-Za-z][A-Za-z0-9_]*)*\\s*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\s+[A-Za-z][A-Za-z0-9_]*)*(\\s*\\[\\s*])?");

    public Transformations {
        rowFilters = List.copyOf(rowFilters);
        columnFilters = List.copyOf(columnFilters);
        fileFilters = List.copyOf(fileFilters);
        sql = sql == null ? Optional.empty() : sql;
    }

    /** Row and column filters only: no file metadata filter, no {@code sql} transformation. */
    public Transformations(List<RowFilter> rowFilters, List<ColumnFilter> columnFilters) {
        this(rowFilters, columnFilters, List.of(), Optional.empty());
    }

    /** Row, column and file metadata filters without a {@code sql} transformation. */
    public Transformations(List<RowFilter> rowFilters, List<ColumnFilter> columnFilters,
            List<FileMetadataFilter> fileFilters) {
        this(rowFilters, columnFilters, fileFilters, Optional.empty());
    }

    /** Row and column filters with an optional {@code sql} transformation. */
    public Transformations(List<RowFilter> rowFilters, List<ColumnFilter> columnFilters,
            Optional<SqlTransformation> sql) {
        this(rowFilters, columnFilters, List.of(), sql);
    }

    public static Transformations none() {
        return new Transformations(List.of(), List.of());
    }

    /** The same filters without the {@code sql} transformation (what a source applies itself). */
    public Transformations withoutSql() {
        return new Transformations(rowFilters, columnFilters, fileFilters);
    }

    public static Transformations parse(JsonNode transformations) {
        List<RowFilter> rows = new ArrayList<>();
        List<ColumnFilter> columns = new ArrayList<>();
        List<FileMetadataFilter> files = new ArrayList<>();
        Optional<SqlTransformation> sql = Optional.empty();
        if (transformations == null || transformations.isNull() || transformations.isMissingNode()) {
            return none();
        }
        if (!transformations.isArray()) {
            throw invalid("transformations must be a JSON list");
        }
        for (JsonNode entry : transformations) {
            String type = entry.path("type").asText("");
            switch (type) {
                case "dataframe_rows_filter" -> {
                    for (JsonNode filter : filters(entry, type)) {
                        rows.add(rowFilter(filter));
                    }
                }
                case "dataframe_columns_filter" -> {
                    for (JsonNode filter : filters(entry, type)) {
                        columns.add(columnFilter(filter));
                    }
                }
                case "file_metadata_filter" -> {
                    for (JsonNode filter : filters(entry, type)) {
                        files.add(fileFilter(filter));
                    }
                }
                case "sql" -> {
                    if (sql.isPresent()) {
                        throw invalid("only one sql transformation is allowed");
                    }
                    sql = Optional.of(SqlTransformation.parse(entry.path("query").asText(null),
                            entry.path("dialect").asText(null)));
                }
                default -> throw invalid("unknown transformation type '" + type + "'");
            }
        }
        return new Transformations(rows, columns, files, sql);
    }

    private static FileMetadataFilter fileFilter(JsonNode filter) {
        String typeName = filter.path("type").asText("");
        JsonNode node = filter.path("value");
        String context = "file_metadata_filter " + typeName;
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw invalid(context + ": 'value' is missing");
        }
        String value = node.asText();
        try {
            return switch (typeName) {
                case "name_glob" -> FileMetadataFilter.glob(value);
                case "name_regexp" -> FileMetadataFilter.regexp(value);
                case "file_size_min" -> new FileMetadataFilter.SizeMin(FileMetadataFilter.byteSize(value));
                case "file_size_max" -> new FileMetadataFilter.SizeMax(FileMetadataFilter.byteSize(value));
                default -> throw invalid("file_metadata_filter: unknown filter type '" + typeName + "'");
            };
        } catch (IllegalArgumentException e) {
            throw invalid(context + ": " + e.getMessage());
        }
    }

    private static JsonNode filters(JsonNode entry, String type) {
        JsonNode filters = entry.path("filters");
        if (!filters.isArray()) {
            throw invalid(type + ": 'filters' must be a list");
        }
        return filters;
    }

    private static RowFilter rowFilter(JsonNode filter) {
        String typeName = filter.path("type").asText("");
        FilterOperator operator = FilterOperator.fromJson(typeName)
                .orElseThrow(() -> invalid("dataframe_rows_filter: unknown filter type '" + typeName + "'"));
        String field = text(filter, "field", "dataframe_rows_filter " + typeName);
        String value = null;
        if (operator.takesValue()) {
            JsonNode node = filter.path("value");
            if (node.isMissingNode() || node.isNull() || !node.isValueNode()) {
                throw invalid("dataframe_rows_filter " + typeName + " on '" + field + "': 'value' is missing");
            }
            value = node.asText();
        }
        return new RowFilter(field, operator, value);
    }

    private static ColumnFilter columnFilter(JsonNode filter) {
        String typeName = filter.path("type").asText("");
        String context = "dataframe_columns_filter " + typeName;
        return switch (typeName) {
            case "include" -> new ColumnFilter.Include(text(filter, "field", context));
            case "rename" -> new ColumnFilter.Rename(text(filter, "field", context), text(filter, "to", context));
            case "cast" -> {
                String field = text(filter, "field", context);
                String asType = text(filter, "as_type", context).strip();
                if (!SQL_TYPE.matcher(asType).matches()) {
                    throw invalid(context + " on '" + field + "': as_type '" + asType + "' is not a plain SQL type name");
                }
                yield new ColumnFilter.Cast(field, asType);
            }
            default -> throw invalid("dataframe_columns_filter: unknown filter type '" + typeName + "'");
        };
    }

    private static String text(JsonNode node, String key, String context) {
        JsonNode value = node.path(key);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid(context + ": '" + key + "' is missing");
        }
        return value.asText();
    }

    private static RunFailure invalid(String message) {
        return new RunFailure(FailureSide.SETUP, "transfer.transformations: " + message);
    }
}
