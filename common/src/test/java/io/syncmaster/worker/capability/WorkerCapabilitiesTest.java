package io.syncmaster.worker.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.db.TransferRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerCapabilitiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ConnectionDetails connection(long id, String type, String data) {
        return new ConnectionDetails(id, 1, type, "c" + id, (ObjectNode) json(data),
                (ObjectNode) json("{\"type\":\"basic\",\"user\":\"u\",\"password\":\"S3cret\"}"));
    }

    private static RunContext context(ConnectionDetails source, ConnectionDetails target, String strategy,
                                      String transformations) {
        RunRow run = new RunRow(1, 2, RunStatus.CREATED, "MANUAL", null, null, null, null, null);
        TransferRow transfer = new TransferRow(2, 1, "t", source.id(), target.id(), 3,
                json("{\"type\":\"" + strategy + "\"}"),
                json("{\"type\":\"" + source.type() + "\",\"table_name\":\"a.b\"}"),
                json("{\"type\":\"" + target.type() + "\",\"table_name\":\"a.c\"}"),
                json(transformations), json("{}"));
        return new RunContext(run, transfer, "g", source, target);
    }

    private static final ConnectionDetails PG = connection(10, "postgres",
            "{\"host\":\"db.example\",\"additional_params\":{\"sslmode\":\"require\",\"connectTimeout\":\"5\"}}");
    private static final ConnectionDetails MY = connection(11, "mysql",
            "{\"host\":\"10.0.0.7\",\"additional_params\":{\"useSSL\":\"true\",\"SERVERTIMEZONE\":\"UTC\"}}");

    @Test
    void aSupportedTransferHasNoProblem() {
        assertThat(WorkerCapabilities.problem(context(PG, MY, "full", "[{\"type\":\"dataframe_columns_filter\"}]"))).isEmpty();
        assertThat(WorkerCapabilities.problem(context(MY, PG, "full", "[]"))).isEmpty();
    }

    @Test
    void anUnsupportedConnectionTypeStrategyOrTransformationIsNamed() {
        ConnectionDetails s3 = connection(12, "s3", "{\"host\":\"s3.example\"}");
        assertThat(WorkerCapabilities.problem(context(s3, PG, "full", "[]"))).hasValue(
                "source connection 12: connection type 's3' is not supported by this worker (supported: postgres, mysql)");
        assertThat(WorkerCapabilities.problem(context(PG, MY, "incremental", "[]"))).hasValue(
                "transfer.strategy_params.type 'incremental' is not supported by this worker (supported: full)");
        assertThat(WorkerCapabilities.problem(context(PG, MY, "full", "[{\"type\":\"dataframe_rows_filter\"},{\"type\":\"python\"}]")))
                .hasValue("transfer.transformations[1].type 'python' is not supported by this worker");
    }

    @Test
    void aHostThatWouldExtendTheJdbcUrlIsRefused() {
        ConnectionDetails sneaky = connection(13, "mysql", "{\"host\":\"evil/db?allowLoadLocalInfile=true#\"}");
        assertThat(WorkerCapabilities.problem(context(PG, sneaky, "full", "[]")))
                .hasValue("target connection 13: data.host is not a host name or IP address");
        assertThat(WorkerCapabilities.problem(context(connection(14, "postgres", "{\"host\":\"[::1]\"}"), MY, "full", "[]"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "mysql|allowLoadLocalInfile|it makes the driver read or write local files",
            "mysql|allowLoadLocalInfileInPath|it makes the driver read or write local files",
            "mysql|allowUrlInLocalInfile|it makes the driver read or write local files",
            "mysql|AUTODESERIALIZE|it makes the driver deserialise objects sent by the server",
            "mysql|queryInterceptors|it makes the driver load a class named by the connection",
            "mysql|exceptionInterceptors|it makes the driver load a class named by the connection",
            "mysql|connectionLifecycleInterceptors|it makes the driver load a class named by the connection",
            "mysql|socketFactory|it makes the driver load a class named by the connection",
            "mysql|authenticationPlugins|it makes the driver load a class named by the connection",
            "mysql|propertiesTransform|it makes the driver load a class named by the connection",
            "postgres|socketFactory|it makes the driver load a class named by the connection",
            "postgres|socketFactoryArg|it makes the driver load a class named by the connection",
            "postgres|sslfactory|it makes the driver load a class named by the connection",
            "postgres|sslpasswordcallback|it makes the driver load a class named by the connection",
            "postgres|authenticationPluginClassName|it makes the driver load a class named by the connection",
            "postgres|loggerFile|it makes the driver read or write local files",
            "postgres|sslkey|it makes the driver read or write local files"})
    void dangerousDriverPropertiesAreRefusedNamingTheKeyAndWhy(String type, String key, String why) {
        ConnectionDetails c = connection(20, type, "{\"host\":\"h\",\"additional_params\":{\"" + key + "\":\"x\"}}");
        String expected = "source connection 20 data.additional_params: property '" + key + "' is refused: " + why;
        RunContext context = type.equals("mysql") ? context(c, PG, "full", "[]") : context(c, MY, "full", "[]");
        assertThat(WorkerCapabilities.problem(context)).hasValue(expected);
    }

    @Test
    void aPropertyOutsideTheAllowListIsRefusedEvenIfHarmlessLooking() {
        ConnectionDetails c = connection(21, "postgres", "{\"host\":\"h\",\"additional_params\":{\"useSSL\":\"true\"}}");
        assertThat(WorkerCapabilities.problem(context(c, MY, "full", "[]"))).hasValue(
                "source connection 21 data.additional_params: property 'useSSL' is not in this worker's allow-list "
                        + "for postgres connections (see docs/security.md)");
        assertThat(DriverProperties.allowed("postgres")).contains("sslmode").doesNotContain("socketfactory");
        assertThat(DriverProperties.allowed("oracle")).as("a driver without a list accepts nothing").isEmpty();
    }
}
