package io.syncmaster.worker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syncmaster.worker.config.JdbcTarget;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.TransferLoadException.Kind;
import io.syncmaster.worker.json.PythonJson;
import io.syncmaster.worker.testing.QueueRef;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransferRepositoryTest {

    private static final String PG_PASSWORD = "pg-p\u00e4ss\"word";
    private static final String S3_SECRET = "s3-secret-key-XYZ";

    private static TestPostgres postgres;
    private static SyncMasterFixtures fixtures;
    private static TransferRepository transfers;
    private static long group;
    private static QueueRef queue;

    @BeforeAll
    static void database() {
        postgres = TestPostgres.create("transfer_repository");
        CredentialCipher cipher = new CredentialCipher(TestKeys.FERNET_KEY);
        fixtures = new SyncMasterFixtures(postgres.dataSource(), cipher);
        long user = fixtures.user("owner");
        group = fixtures.group("Analytics Team", user);
        queue = fixtures.queue(group, "Nightly Loads");
        transfers = new TransferRepository(postgres.dataSource(), cipher);
    }

    @AfterAll
    static void drop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private record Ids(long source, long target, long transfer, long run) { }

    private static Ids newTransferRun(String name) {
        Map<String, Object> pgData = new LinkedHashMap<>();
        pgData.put("host", "pg.example.com");
        pgData.put("port", 5432);
        pgData.put("database_name", "sales");
        pgData.put("additional_params", Map.of());
        Map<String, Object> pgAuth = new LinkedHashMap<>();
        pgAuth.put("type", "basic");
        pgAuth.put("user", "reader");
        pgAuth.put("password", PG_PASSWORD);
        long source = fixtures.connection(group, "postgres", name + "_src", pgData, pgAuth);

        Map<String, Object> s3Data = new LinkedHashMap<>();
        s3Data.put("host", "s3.example.com");
        s3Data.put("bucket", "lake");
        s3Data.put("protocol", "https");
        s3Data.put("region", "us-east-1");
        s3Data.put("port", null);
        s3Data.put("bucket_style", "path");
        s3Data.put("additional_params", Map.of());
        Map<String, Object> s3Auth = new LinkedHashMap<>();
        s3Auth.put("type", "s3");
        s3Auth.put("access_key", "AKIA");
        s3Auth.put("secret_key", S3_SECRET);
        long target = fixtures.connection(group, "s3", name + "_dst", s3Data, s3Auth);

        Map<String, Object> targetParams = new LinkedHashMap<>();
        targetParams.put("type", "s3");
        targetParams.put("directory_path", "/out");
        targetParams.put("file_format", Map.of("type", "parquet"));
        targetParams.put("file_name_template", "{run_created_at}-{index}.{extension}");
        targetParams.put("options", Map.of());
        long transfer = fixtures.transfer(TransferSpec.builder(group, queue.id(), source, target)
                .name(name)
                .sourceParams(TransferSpec.tableParams("postgres", "public.orders"))
                .targetParams(targetParams)
                .transformations(List.of(Map.of("type", "sql", "query", "SELECT 1", "dialect", "spark")))
                .build());
        long run = fixtures.run(transfer, "MANUAL");
        return new Ids(source, target, transfer, run);
    }

    @Test
    void loadsEverythingARunNeeds() {
        Ids ids = newTransferRun("full_load");
        RunContext ctx = transfers.load(ids.run());

        assertThat(ctx.run().id()).isEqualTo(ids.run());
        assertThat(ctx.run().status()).isEqualTo(RunStatus.CREATED);
        assertThat(ctx.groupName()).isEqualTo("Analytics Team");

        TransferRow t = ctx.transfer();
        assertThat(t.id()).isEqualTo(ids.transfer());
        assertThat(t.name()).isEqualTo("full_load");
        assertThat(t.groupId()).isEqualTo(group);
        assertThat(t.queueId()).isEqualTo(queue.id());
        assertThat(t.sourceConnectionId()).isEqualTo(ids.source());
        assertThat(t.targetConnectionId()).isEqualTo(ids.target());
        assertThat(t.strategyParams().get("type").asText()).isEqualTo("full");
        assertThat(t.sourceParams().get("table_name").asText()).isEqualTo("public.orders");
        assertThat(t.targetParams().at("/file_format/type").asText()).isEqualTo("parquet");
        assertThat(t.transformations().get(0).get("query").asText()).isEqualTo("SELECT 1");
        assertThat(t.resources().get("ram_bytes_per_task").asLong()).isEqualTo(1073741824L);

        ConnectionDetails source = ctx.source();
        assertThat(source.id()).isEqualTo(ids.source());
        assertThat(source.type()).isEqualTo("postgres");
        assertThat(source.name()).isEqualTo("full_load_src");
        assertThat(source.groupId()).isEqualTo(group);
        assertThat(source.data().get("host").asText()).isEqualTo("pg.example.com");
        assertThat(source.auth().get("password").asText()).isEqualTo(PG_PASSWORD);
        assertThat(source.auth().get("type").asText()).isEqualTo("basic");
        // data updated with auth, auth keys win, then "type" removed (contract 3.6)
        assertThat(source.merged().toString()).isEqualTo("{\"host\":\"pg.example.com\",\"port\":5432,"
                + "\"database_name\":\"sales\",\"additional_params\":{},\"password\":\"pg-p\u00e4ss\\\"word\","
                + "\"user\":\"reader\"}"); // auth keys in the decrypted (sorted) order, like dict.update

        ConnectionDetails target = ctx.target();
        assertThat(target.type()).isEqualTo("s3");
        assertThat(target.data().get("port").isNull()).isTrue();
        assertThat(target.merged().get("secret_key").asText()).isEqualTo(S3_SECRET);
        assertThat(target.merged().has("type")).isFalse();

        assertThat(ctx.toString()).doesNotContain(PG_PASSWORD).doesNotContain(S3_SECRET).contains("<redacted>");
        assertThat(source.toString()).doesNotContain(PG_PASSWORD).doesNotContain("reader");
    }

    @Test
    void returnedJsonCannotChangeTheLoadedDetails() {
        ConnectionDetails source = transfers.load(newTransferRun("copies").run()).source();
        ((ObjectNode) source.auth()).put("password", "changed");
        source.merged().put("password", "changed");
        assertThat(source.auth().get("password").asText()).isEqualTo(PG_PASSWORD);
    }

    @Test
    void missingRun() {
        assertLoadFails(Long.MAX_VALUE, Kind.RUN_NOT_FOUND, "run " + Long.MAX_VALUE + " not found");
    }

    @Test
    void missingAuthData() {
        Ids ids = newTransferRun("no_auth");
        fixtures.execute("DELETE FROM auth_data WHERE connection_id = ?", ids.target());
        assertLoadFails(ids.run(), Kind.AUTH_DATA_COUNT, "target connection " + ids.target() + " of transfer "
                + ids.transfer() + " has 0 auth_data rows (exactly 1 expected)");
    }

    @Test
    void credentialsEncryptedWithAnotherKey() {
        Ids ids = newTransferRun("other_key");
        String foreign = new CredentialCipher(TestKeys.OTHER_FERNET_KEY)
                .encryptJson(Map.of("type", "basic", "user", "u", "password", PG_PASSWORD));
        fixtures.execute("UPDATE auth_data SET value = ? WHERE connection_id = ?", foreign, ids.source());
        assertLoadFails(ids.run(), Kind.CREDENTIALS_UNREADABLE, "source connection " + ids.source() + " of transfer "
                + ids.transfer() + ": auth_data cannot be decrypted: Fernet token does not match "
                + "encryption.secret_key (wrong key, or the token was altered)");
    }

    @Test
    void corruptedTokenAndNonObjectCredentials() {
        Ids ids = newTransferRun("corrupt");
        fixtures.execute("UPDATE auth_data SET value = 'gAAAAA-garbage' WHERE connection_id = ?", ids.source());
        assertLoadFails(ids.run(), Kind.CREDENTIALS_UNREADABLE, "auth_data cannot be decrypted: Fernet token is malformed");

        Ids list = newTransferRun("list_auth");
        String token = new CredentialCipher(TestKeys.FERNET_KEY)
                .encrypt(PythonJson.dumps(List.of(PG_PASSWORD)));
        fixtures.execute("UPDATE auth_data SET value = ? WHERE connection_id = ?", token, list.target());
        assertLoadFails(list.run(), Kind.CREDENTIALS_UNREADABLE, "decrypted auth_data is not a JSON object");
    }

    @Test
    void connectionDataThatIsNotAnObject() {
        Ids ids = newTransferRun("bad_data");
        fixtures.execute("UPDATE connection SET data = '[1, 2]' WHERE id = ?", ids.source());
        assertLoadFails(ids.run(), Kind.INVALID_JSON, "source connection " + ids.source() + " of transfer "
                + ids.transfer() + ": column data is not a JSON object");
    }

    @Test
    void rowsMissingDespiteForeignKeys() throws SQLException {
        // foreign keys make these states impossible through the server; disable them to check the messages anyway
        Ids noTransfer = newTransferRun("gone_transfer");
        Ids noConnection = newTransferRun("gone_connection");
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica");
            st.execute("DELETE FROM transfer WHERE id = " + noTransfer.transfer());
            st.execute("DELETE FROM connection WHERE id = " + noConnection.target());
            st.execute("SET session_replication_role = DEFAULT");
        }
        assertLoadFails(noTransfer.run(), Kind.TRANSFER_NOT_FOUND,
                "transfer " + noTransfer.transfer() + " of run " + noTransfer.run() + " not found");
        assertLoadFails(noConnection.run(), Kind.CONNECTION_NOT_FOUND,
                "target connection " + noConnection.target() + " of transfer " + noConnection.transfer() + " not found");
    }

    @Test
    void anUnreachableDatabaseIsADatabaseExceptionAndThePoolStillOpens() {
        JdbcTarget nowhere =
                JdbcTarget.fromSqlAlchemyUrl("postgresql+asyncpg://u:pw@127.0.0.1:1/db");
        try (SyncMasterDatabase db = SyncMasterDatabase.open(nowhere, "unreachable", 1,
                Duration.ofMillis(500))) {
            TransferRepository repo = new TransferRepository(db.dataSource(), new CredentialCipher(TestKeys.FERNET_KEY));
            assertThatThrownBy(() -> repo.load(1))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageStartingWith("loading run 1 failed (SQLSTATE ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
            assertThatThrownBy(() -> new RunRepository(db.dataSource(), Clock.systemUTC()).find(1))
                    .isInstanceOf(DatabaseException.class);
        }
    }

    private static void assertLoadFails(long runId, Kind kind, String message) {
        assertThatThrownBy(() -> transfers.load(runId))
                .isInstanceOf(TransferLoadException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    assertThat(((TransferLoadException) e).kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).doesNotContain(PG_PASSWORD).doesNotContain(S3_SECRET)
                            .doesNotContain(TestKeys.FERNET_KEY);
                });
    }
}
