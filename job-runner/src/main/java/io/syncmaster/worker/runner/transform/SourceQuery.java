package io.syncmaster.worker.runner.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.syncmaster.worker.runner.jdbc.SqlDialect;
import io.syncmaster.worker.runner.jdbc.TableName;

/**
 * The SELECT a database source runs (transfer-semantics §4.6 step 1 and §3.5): the column filters become the
 * projection, the row filters the WHERE clause, each value an escaped literal of the source dialect.
 */
public final class SourceQuery {
    private final SqlDialect dialect;
    private final TableName table;
    private final Transformations transformations;
    /** Conditions of the read scope (an incremental window), ANDed after the row filters. */
    private final List<String> scopeConditions;

    public SourceQuery(SqlDialect dialect, TableName table, Transformations transformations) {
        this(dialect, table, transformations, List.of());
    }

    public SourceQuery(SqlDialect dialect, TableName table, Transformations transformations, List<String> scopeConditions) {
        this.dialect = dialect;
        this.table = table;
        this.transformations = transformations;
        this.scopeConditions = List.copyOf(scopeConditions);
    }

    /** The same query limited by more scope conditions. */
    public SourceQuery withScope(List<String> conditions) {
        List<String> all = new ArrayList<>(scopeConditions);
        all.addAll(conditions);
        return new SourceQuery(dialect, table, transformations, all);
    }

    /** The row filters only (no scope), for measuring an increment column over the filtered rows. */
    public SourceQuery withoutScope() {
        return new SourceQuery(dialect, table, transformations, List.of());
    }

    public TableName table() {
        return table;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** {@code *} or the comma-separated projection of the column filters. */
    public String projection() {
        if (transformations.columnFilters().isEmpty()) {
            return "*";
        }
        return transformations.columnFilters().stream().map(this::render).collect(Collectors.joining(", "));
    }

    /** The row filters joined with AND, or empty when there are none. */
    public Optional<String> condition() {
        List<String> parts = new ArrayList<>();
        for (RowFilter filter : transformations.rowFilters()) {
            String literal = filter.operator().takesValue() ? dialect.stringLiteral(filter.value()) : null;
            parts.add(dialect.condition(dialect.quoteIdentifier(filter.field()), filter.operator(), literal));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", parts));
    }

    /** True when rows are limited by a row filter or a scope condition (an incremental window). */
    public boolean filtered() {
        return condition().isPresent() || !scopeConditions.isEmpty();
    }

    /** {@code SELECT <projection> FROM <table> [WHERE (<condition>)]}. */
    public String sql() {
        return select(projection(), List.of());
    }

    /** The query with extra select-list items and extra conditions, each condition parenthesised. */
    public String select(String selectList, List<String> extraConditions) {
        List<String> conditions = new ArrayList<>();
        condition().ifPresent(conditions::add);
        conditions.addAll(scopeConditions);
        conditions.addAll(extraConditions);
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList).append(" FROM ").append(dialect.qualified(table));
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(conditions.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" AND ")));
        }
        return sql.toString();
    }

    /**
     * The quoted source column that partitions a parallel read: the source field of the first column filter (not the
     * output name, which upstream used and which breaks after a rename, transfer-semantics §8.7), else empty (the
     * caller then takes the table's first column).
     */
    public Optional<String> partitionField() {
        return transformations.columnFilters().stream().findFirst().map(f -> dialect.quoteIdentifier(f.field()));
    }

    private String render(ColumnFilter filter) {
        String field = dialect.quoteIdentifier(filter.field());
        if (filter instanceof ColumnFilter.Rename rename) {
            return field + " AS " + dialect.quoteIdentifier(rename.to());
        }
        if (filter instanceof ColumnFilter.Cast cast) {
            return "CAST(" + field + " AS " + cast.asType() + ") AS " + field;
        }
        return field;
    }
}
