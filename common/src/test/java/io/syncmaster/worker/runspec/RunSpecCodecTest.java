package io.syncmaster.worker.runspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.db.ConnectionDetails;
import io.syncmaster.worker.db.RunContext;
import io.syncmaster.worker.db.RunRow;
import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.db.TransferRow;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RunContext context(String strategy) throws Exception {
        OffsetDateTime created = OffsetDateTime.parse("2025-01-02T03:04:05.123456Z");
        RunRow run = new RunRow(42, 7, RunStatus.STARTED, "MANUAL", created.plusSeconds(1), null, "https://logs/42",
                created, created.plusSeconds(1));
        TransferRow transfer = new TransferRow(7, 3, "nightly", 11, 12, 5,
                JSON.readTree("{\"type\":\"" + strategy + "\"}"),
                JSON.readTree("{\"type\":\"postgres\",\"table_name\":\"public.src\"}"),
                JSON.readTree("{\"type\":\"mysql\",\"table_name\":\"db.dst\"}"),
                JSON.readTree("[{\"type\":\"dataframe_rows_filter\",\"filters\":[]}]"),
                JSON.readTree("{\"max_parallel_tasks\":2,\"cpu_cores_per_task\":1,\"ram_bytes_per_task\":1073741824}"));
        ConnectionDetails source = new ConnectionDetails(11, 3, "postgres", "src",
                (ObjectNode) JSON.readTree("{\"type\":\"postgres\",\"host\":\"pg\",\"port\":5432,\"database_name\":\"d\","
                        + "\"additional_params\":{\"sslmode\":\"require\"}}"),
                (ObjectNode) JSON.readTree("{\"type\":\"basic\",\"user\":\"u\",\"password\":\"src-S3cret\"}"));
        ConnectionDetails target = new ConnectionDetails(12, 3, "mysql", "dst",
                (ObjectNode) JSON.readTree("{\"type\":\"mysql\",\"host\":\"my\",\"port\":3306,\"database_name\":\"db\","
                        + "\"additional_params\":{}}"),
                (ObjectNode) JSON.readTree("{\"type\":\"basic\",\"user\":\"w\",\"password\":\"dst-S3cret\"}"));
        return new RunContext(run, transfer, "analytics", source, target);
    }

    private static RunSpec spec() throws Exception {
        return new RunSpec(context("incremental"), Map.of("spark.hadoop.fs.s3a.secret.key", "spark-S3cret"),
                new HwmStoreAccess("horizon", "http://horizon", "hwm", "hwm-S3cret", "ns"));
    }

    @Test
    void aSpecSurvivesTheRoundTripWithEveryPlanInput() throws Exception {
        RunSpec original = spec();
        RunSpec decoded = RunSpecCodec.decode(RunSpecCodec.encode(original));

        assertThat(decoded.context().run()).isEqualTo(original.context().run());
        assertThat(decoded.context().transfer()).isEqualTo(original.context().transfer());
        assertThat(decoded.context().groupName()).isEqualTo("analytics");
        for (var pair : new ConnectionDetails[][] {{original.context().source(), decoded.context().source()},
                {original.context().target(), decoded.context().target()}}) {
            assertThat(pair[1].id()).isEqualTo(pair[0].id());
            assertThat(pair[1].groupId()).isEqualTo(pair[0].groupId());
            assertThat(pair[1].type()).isEqualTo(pair[0].type());
            assertThat(pair[1].name()).isEqualTo(pair[0].name());
            assertThat(pair[1].data()).isEqualTo(pair[0].data());
            assertThat(pair[1].merged()).isEqualTo(pair[0].merged());
        }
        assertThat(decoded.sparkSessionDefaultConfig()).isEqualTo(original.sparkSessionDefaultConfig());
        assertThat(decoded.hwmStoreAccess()).hasValueSatisfying(h -> {
            assertThat(h.url()).isEqualTo("http://horizon");
            assertThat(h.password()).isEqualTo("hwm-S3cret");
            assertThat(h.namespace()).isEqualTo("ns");
        });
        assertThat(decoded.runId()).isEqualTo(42);
    }

    @Test
    void aSpecWithoutHwmStoreSaysSoExplicitly() throws Exception {
        RunSpec spec = new RunSpec(context("full"), Map.of(), null);
        String json = new String(RunSpecCodec.encode(spec), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(json).get("hwm_store").isNull()).isTrue();
        assertThat(RunSpecCodec.decode(json).hwmStoreAccess()).isEmpty();
    }

    @Test
    void toStringShowsIdsAndNamesButNoSecret() throws Exception {
        String text = spec().toString();
        assertThat(text).contains("run=42", "transfer=7", "spark.hadoop.fs.s3a.secret.key")
                .doesNotContain("src-S3cret", "dst-S3cret", "spark-S3cret", "hwm-S3cret");
    }

    @Test
    void brokenDocumentsNameTheFieldAndNeverQuoteTheDocument() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(RunSpecCodec.encode(spec()));
        ObjectNode noAuth = root.deepCopy();
        ((ObjectNode) noAuth.get("target_connection")).put("auth_data", "dst-S3cret");
        assertThatThrownBy(() -> RunSpecCodec.decode(noAuth.toString()))
                .isInstanceOf(RunSpecException.class)
                .hasMessage("run spec field 'target_connection.auth_data' must be an object");

        ObjectNode otherVersion = root.deepCopy().put("version", 2);
        assertThatThrownBy(() -> RunSpecCodec.decode(otherVersion.toString())).hasMessageContaining("'version' must be 1");

        ObjectNode noRunId = root.deepCopy();
        ((ObjectNode) noRunId.get("run")).remove("id");
        assertThatThrownBy(() -> RunSpecCodec.decode(noRunId.toString())).hasMessage("run spec field 'run.id' must be an integer");

        String truncated = root.toString().substring(0, root.toString().indexOf("src-S3cret") + 12);
        assertThatThrownBy(() -> RunSpecCodec.decode(truncated)).hasMessage("the run spec is not valid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cret"));
    }

    @Test
    void theFactoryHandsHwmCredentialsOnlyWhenTheStoreIsEnabled() throws Exception {
        Settings settings = Settings.fromYaml("""
                worker:
                  spark_session_default_config: {spark.master: "local[2]"}
                hwm_store: {enabled: true, type: horizon, url: "http://horizon", user: u, password: hwm-S3cret, namespace: ns}
                """, Map.of());
        RunSpecFactory factory = new RunSpecFactory(settings.worker(), settings::hwmStore);

        // full resets the transfer's mark (hwm-contract 1.9), incremental reads and saves it: both use the store
        assertThat(factory.build(context("full")).hwmStoreAccess())
                .hasValueSatisfying(h -> assertThat(h.password()).isEqualTo("hwm-S3cret"));
        assertThat(factory.build(context("incremental")).hwmStoreAccess())
                .hasValueSatisfying(h -> assertThat(h.password()).isEqualTo("hwm-S3cret"));

        Settings disabled = Settings.fromYaml("""
                worker:
                  spark_session_default_config: {spark.master: "local[2]"}
                hwm_store: {enabled: false}
                """, Map.of());
        RunSpec full = new RunSpecFactory(disabled.worker(), disabled::hwmStore).build(context("full"));
        assertThat(full.hwmStoreAccess()).isEmpty();
        assertThat(full.sparkSessionDefaultConfig()).containsEntry("spark.master", "local[2]");
        assertThat(new String(RunSpecCodec.encode(full), StandardCharsets.UTF_8)).doesNotContain("hwm-S3cret");
    }
}
