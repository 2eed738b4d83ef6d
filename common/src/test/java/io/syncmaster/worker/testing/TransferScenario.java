package io.syncmaster.worker.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The data side of the end-to-end tests, inside the test's SyncMaster database (schema {@code e2e}): a source table
 * of 200 orders, a PG→PG transfer with a rows filter and a columns filter, a transfer whose source table does not
 * exist, and one reading a view that sleeps (a run that lasts until it is stopped). Connections point at the same
 * PostgreSQL through SyncMaster's own connection rows with Fernet-encrypted credentials.
 */
public final class TransferScenario {

    /** Rows the filters keep: region 'north' and amount > 50, projected to (id, region, amount). */
    public static final String EXPECTED_QUERY = "SELECT id, region, amount FROM e2e.orders WHERE region = 'north' AND amount > 50"
            + " ORDER BY id";

    private final TestPostgres db;
    private final SyncMasterFixtures fixtures;
    private final long groupId;
    private final long queueId;
    private final long connectionId;

    public TransferScenario(TestPostgres db, SyncMasterFixtures fixtures) {
        this.db = db;
        this.fixtures = fixtures;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        groupId = fixtures.group("e2e-" + suffix, fixtures.user("e2e-" + suffix));
        queueId = fixtures.queue(groupId, "e2e " + suffix).id();
        connectionId = fixtures.connection(groupId, "postgres", "e2e-pg-" + suffix,
                Map.of("host", "127.0.0.1", "port", 5432, "database_name", db.databaseName(), "additional_params", Map.of()),
                Map.of("type", "basic", "user", "postgres", "password", "unused-with-trust-auth"));
        sql("CREATE SCHEMA e2e",
                "CREATE TABLE e2e.orders (id integer PRIMARY KEY, region text NOT NULL, amount numeric(10, 2) NOT NULL,"
                        + " note text)",
                "INSERT INTO e2e.orders SELECT g, CASE WHEN g % 3 = 0 THEN 'north' ELSE 'south' END, g % 100,"
                        + " 'order ' || g FROM generate_series(1, 200) g",
                // a source that never ends: the join makes PostgreSQL sleep before returning a row
                "CREATE VIEW e2e.slow_orders AS SELECT o.* FROM e2e.orders o CROSS JOIN (SELECT pg_sleep(600)) s");
    }

    /** orders → e2e.&lt;target&gt; with both filters. */
    public long filteredTransfer(String target) {
        return fixtures.transfer(TransferSpec.builder(groupId, queueId, connectionId, connectionId)
                .sourceParams(TransferSpec.tableParams("postgres", "e2e.orders"))
                .targetParams(TransferSpec.tableParams("postgres", "e2e." + target))
                .transformations(List.of(
                        Map.of("type", "dataframe_rows_filter", "filters", List.of(
                                Map.of("type", "equal", "field", "region", "value", "north"),
                                Map.of("type", "greater_than", "field", "amount", "value", "50"))),
                        Map.of("type", "dataframe_columns_filter", "filters", List.of(
                                Map.of("type", "include", "field", "id"),
                                Map.of("type", "include", "field", "region"),
                                Map.of("type", "include", "field", "amount")))))
                .build());
    }

    /** A transfer whose source table does not exist. */
    public long missingSourceTransfer(String target) {
        return fixtures.transfer(TransferSpec.builder(groupId, queueId, connectionId, connectionId)
                .sourceParams(TransferSpec.tableParams("postgres", "e2e.no_such_table"))
                .targetParams(TransferSpec.tableParams("postgres", "e2e." + target))
                .build());
    }

    /** A transfer that reads until stopped. */
    public long slowTransfer(String target) {
        return fixtures.transfer(TransferSpec.builder(groupId, queueId, connectionId, connectionId)
                .sourceParams(TransferSpec.tableParams("postgres", "e2e.slow_orders"))
                .targetParams(TransferSpec.tableParams("postgres", "e2e." + target))
                .build());
    }

    public long run(long transferId) {
        return fixtures.run(transferId, "MANUAL");
    }

    /** {@code id|region|amount} lines of a query, for comparing tables row by row. */
    public List<String> rows(String query) {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3).toPlainString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    public List<String> expectedRows() {
        return rows(EXPECTED_QUERY);
    }

    public List<String> targetRows(String target) {
        return rows("SELECT id, region, amount FROM e2e." + target + " ORDER BY id");
    }

    public boolean tableExists(String name) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('e2e." + name + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String... statements) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
