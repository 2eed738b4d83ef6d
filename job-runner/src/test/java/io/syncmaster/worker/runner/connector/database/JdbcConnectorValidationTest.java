package io.syncmaster.worker.runner.connector.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.ConnectorRegistry;
import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.RunIdentity;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.transfer.ConnectionSpec;

/**
 * Each database connector validates its connection JSON and params up front, without I/O, with a message that
 * names the field and never echoes a value; and it builds upstream's URL and properties (transfer-semantics §2.3).
 */
class JdbcConnectorValidationTest {
    private static final RunIdentity RUN = new RunIdentity(9, 4, "app", Optional.empty());

    private static SideSpec side(FailureSide side, String type, String mergedJson, String table) {
        ObjectNode params = Plans.JSON.createObjectNode().put("type", type);
        if (table != null) {
            params.put("table_name", table);
        }
        return new SideSpec(side, new ConnectionSpec(1, type, "c", (ObjectNode) Plans.json(mergedJson)), params, RUN);
    }

    private static RunFailure failure(Connector connector, FailureSide which, String mergedJson, String table) {
        SideSpec spec = side(which, connector.type(), mergedJson, table);
        try {
            if (which == FailureSide.SOURCE) {
                connector.source(spec);
            } else {
                connector.target(spec);
            }
        } catch (RunFailure e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void theRegistryFindsEveryDatabaseConnectorAndNamesWhatIsMissing() {
        ConnectorRegistry registry = ConnectorRegistry.discover();
        assertThat(registry.types()).contains("postgres", "mysql", "oracle", "mssql");
        assertThatThrownBy(() -> registry.find("carrier_pigeon", FailureSide.SOURCE, "source connection 3"))
                .hasMessage("source connection 3: unknown connection type 'carrier_pigeon'");
    }

    @Test
    void oracleNeedsExactlyOneOfServiceNameAndSid() {
        OracleConnector oracle = new OracleConnector();
        assertThat(failure(oracle, FailureSide.SOURCE, """
                {"host": "h", "user": "u", "password": "secret-pw"}""", "s.t"))
                .hasMessage("source connection (oracle): field 'service_name' is missing (set 'service_name' or 'sid')")
                .extracting(RunFailure::side).isEqualTo(FailureSide.SOURCE);
        assertThat(failure(oracle, FailureSide.TARGET, """
                {"host": "h", "service_name": "XE", "sid": "X", "user": "u", "password": "secret-pw"}""", "s.t"))
                .hasMessage("target connection (oracle): field 'sid' must not be set together with 'service_name'");
    }

    @Test
    void upstreamUrlsAndProperties() {
        assertThat(new OracleConnector().location(fields("""
                {"host": "db", "port": 1522, "sid": "ORCL"}"""), "x").url()).isEqualTo("jdbc:oracle:thin:@db:1522:ORCL");
        assertThat(new OracleConnector().location(fields("""
                {"host": "db", "service_name": "XEPDB1"}"""), "app").url()).isEqualTo("jdbc:oracle:thin:@//db:1521/XEPDB1");
        JdbcConnector.Location mssql = new MsSqlConnector().location(fields("""
                {"host": "db", "database_name": "sales"}"""), "app");
        assertThat(mssql.url()).isEqualTo("jdbc:sqlserver://db:1433");
        assertThat(mssql.properties()).containsEntry("databaseName", "sales").containsEntry("trustServerCertificate", "true")
                .containsEntry("applicationName", "app");
        assertThat(new MsSqlConnector().location(fields("""
                {"host": "db", "database_name": "sales", "additional_params": {"trustServerCertificate": false}}"""), "app")
                .properties()).containsEntry("trustServerCertificate", "false");
    }

    @Test
    void missingAndWrongTypedFieldsAreNamedWithoutTheirValues() {
        assertThat(failure(new MsSqlConnector(), FailureSide.TARGET, """
                {"host": "h", "user": "u", "password": "secret-pw"}""", "dbo.t"))
                .hasMessage("target connection (mssql): field 'database_name' is missing");
        assertThat(failure(new PostgresConnector(), FailureSide.SOURCE, """
                {"host": "h", "port": "secret-pw", "database_name": "d", "user": "u", "password": "secret-pw"}""", "s.t"))
                .hasMessage("source connection (postgres): field 'port' must be an integer");
        assertThat(failure(new MySqlConnector(), FailureSide.SOURCE, """
                {"host": 5, "user": "u", "password": "secret-pw"}""", "s.t"))
                .hasMessage("source connection (mysql): field 'host' must be a string");
        assertThat(failure(new PostgresConnector(), FailureSide.SOURCE, """
                {"host": "h", "port": 70000, "database_name": "d", "user": "u"}""", "s.t"))
                .hasMessage("source connection (postgres): field 'port' must be between 1 and 65535");
        assertThat(failure(new OracleConnector(), FailureSide.TARGET, """
                {"host": "h", "sid": "X", "password": "secret-pw"}""", "s.t"))
                .hasMessage("target connection (oracle): field 'user' is missing");
        assertThat(failure(new OracleConnector(), FailureSide.TARGET, """
                {"host": "h", "sid": "X", "user": "u"}""", null))
                .hasMessage("transfer.target_params.table_name is missing");
        assertThat(failure(new MsSqlConnector(), FailureSide.TARGET, """
                {"host": "h", "database_name": "d", "user": "u"}""", "dbo.t; DROP TABLE x"))
                .hasMessageContaining("is not of the form schema.table");
    }

    private static Fields fields(String json) {
        return new Fields(Plans.json(json), FailureSide.SOURCE, "source connection");
    }
}
