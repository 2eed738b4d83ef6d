package io.syncmaster.worker.runspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.TransferRepository;
import io.syncmaster.worker.testing.QueueRef;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The check before the claim and the spec after it, against a real SyncMaster database. */
class RunPreparationTest {
    private static final String PASSWORD = "prep-S3cret";

    private static TestPostgres postgres;
    private static SyncMasterFixtures fixtures;
    private static RunPreparation preparation;
    private static long group;
    private static QueueRef queue;

    @BeforeAll
    static void database() {
        postgres = TestPostgres.create("run_preparation");
        CredentialCipher cipher = new CredentialCipher(TestKeys.FERNET_KEY);
        fixtures = new SyncMasterFixtures(postgres.dataSource(), cipher);
        group = fixtures.group("g", fixtures.user("owner"));
        queue = fixtures.queue(group, "q");
        Settings settings = Settings.fromYaml("worker: {spark_session_default_config: {spark.master: 'local[1]'}}", Map.of());
        preparation = new RunPreparation(new TransferRepository(postgres.dataSource(), cipher),
                new RunSpecFactory(settings.worker(), settings::hwmStore));
    }

    @AfterAll
    static void drop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static long connection(String type, Map<String, Object> additional) {
        return fixtures.connection(group, type, type + "-" + System.nanoTime(),
                Map.of("host", "db.example", "port", 5432, "database_name", "d", "additional_params", additional),
                Map.of("type", "basic", "user", "u", "password", PASSWORD));
    }

    private static long run(long source, String sourceType, long target, String targetType) {
        return fixtures.run(fixtures.transfer(TransferSpec.builder(group, queue.id(), source, target)
                .sourceParams(TransferSpec.tableParams(sourceType, "public.a"))
                .targetParams(TransferSpec.tableParams(targetType, "public.b")).build()), "MANUAL");
    }

    @Test
    void aRunnableRunHasNoRefusalAndItsSpecCarriesTheDecryptedCredentials() {
        long runId = run(connection("postgres", Map.of()), "postgres", connection("mysql", Map.of("useSSL", "true")), "mysql");

        assertThat(preparation.refusal(runId)).isEmpty();
        RunSpec spec = preparation.spec(runId);
        assertThat(spec.runId()).isEqualTo(runId);
        assertThat(spec.context().source().merged().path("password").asText()).isEqualTo(PASSWORD);
        assertThat(spec.sparkSessionDefaultConfig()).containsEntry("spark.master", "local[1]");
        assertThat(new String(RunSpecCodec.encode(spec), StandardCharsets.UTF_8)).contains(PASSWORD);
    }

    @Test
    void aRunWithoutAuthDataOrWithAnUnsupportedTypeOrPropertyIsRefusedNamingWhy() {
        long noAuth = connection("postgres", Map.of());
        fixtures.execute("DELETE FROM auth_data WHERE connection_id = ?", noAuth);
        long target = connection("postgres", Map.of());
        assertThat(preparation.refusal(run(noAuth, "postgres", target, "postgres")))
                .hasValueSatisfying(m -> assertThat(m).contains("source connection " + noAuth, "0 auth_data rows"));

        long oracle = connection("oracle", Map.of());
        assertThat(preparation.refusal(run(target, "postgres", oracle, "oracle")))
                .hasValueSatisfying(m -> assertThat(m).contains("connection type 'oracle' is not supported"));

        long infile = connection("mysql", Map.of("allowLoadLocalInfile", "true"));
        assertThat(preparation.refusal(run(infile, "mysql", target, "postgres")))
                .hasValueSatisfying(m -> assertThat(m).contains("'allowLoadLocalInfile' is refused").doesNotContain(PASSWORD));
    }

    @Test
    void aMissingRunIsNotRefusedHereTheClaimSkipsIt() {
        assertThat(preparation.refusal(Long.MAX_VALUE)).isEmpty();
    }
}
