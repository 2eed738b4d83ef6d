package io.syncmaster.worker.runner.transform;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Row and column filters on a DataFrame read from files, as Spark SQL expressions (transfer-semantics §3.5, the
 * "file" column): {@code df.where(<rows>)} then {@code df.selectExpr(<projection>)}. Unlike upstream, fields are
 * quoted with backticks and values are escaped string literals, so a quote in a value cannot change the query.
 */
public final class FrameFilters {
    private FrameFilters() {
    }

    public static Dataset<Row> apply(Dataset<Row> data, Transformations transformations) {
        Dataset<Row> result = data;
        String condition = condition(transformations.rowFilters());
        try {
            if (!condition.isEmpty()) {
                result = result.where(condition);
            }
            if (!transformations.columnFilters().isEmpty()) {
                result = result.selectExpr(projection(transformations.columnFilters()).toArray(String[]::new));
            }
            result.schema(); // resolve now: an unknown column fails here, naming the filter
        } catch (RuntimeException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "transfer.transformations do not fit the columns read from the files "
                    + data.schema().simpleString(), e);
        }
        return result;
    }

    /** The row filters joined with AND, empty when there are none. */
    static String condition(List<RowFilter> filters) {
        List<String> parts = new ArrayList<>();
        for (RowFilter filter : filters) {
            String f = identifier(filter.field());
            String v = filter.operator().takesValue() ? literal(filter.value()) : null;
            parts.add(switch (filter.operator()) {
                case IS_NULL -> f + " IS NULL";
                case IS_NOT_NULL -> f + " IS NOT NULL";
                case EQUAL -> f + " = " + v;
                case NOT_EQUAL -> f + " != " + v;
                case GREATER_THAN -> f + " > " + v;
                case GREATER_OR_EQUAL -> f + " >= " + v;
                case LESS_THAN -> f + " < " + v;
                case LESS_OR_EQUAL -> f + " <= " + v;
                case LIKE -> f + " LIKE " + v;
                case NOT_LIKE -> f + " NOT LIKE " + v;
                case ILIKE -> f + " ILIKE " + v;
                case NOT_ILIKE -> f + " NOT ILIKE " + v;
                case REGEXP -> f + " RLIKE " + v;
            });
        }
        return String.join(" AND ", parts);
    }

    static List<String> projection(List<ColumnFilter> filters) {
        List<String> items = new ArrayList<>();
        for (ColumnFilter filter : filters) {
            String f = identifier(filter.field());
            if (filter instanceof ColumnFilter.Rename rename) {
                items.add(f + " AS " + identifier(rename.to()));
            } else if (filter instanceof ColumnFilter.Cast cast) {
                items.add("CAST(" + f + " AS " + cast.asType() + ") AS " + f);
            } else {
                items.add(f);
            }
        }
        return items;
    }

    /** A Spark SQL identifier: backticks, embedded backticks doubled. */
    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A Spark SQL string literal: backslashes and quotes escaped (Spark unescapes {@code \\} in literals). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
