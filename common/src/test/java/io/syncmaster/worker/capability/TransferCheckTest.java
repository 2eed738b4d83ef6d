package io.syncmaster.worker.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmaster.worker.crypto.CredentialCipher;
import io.syncmaster.worker.db.TransferRepository;
import io.syncmaster.worker.testing.QueueRef;
import io.syncmaster.worker.testing.SyncMasterFixtures;
import io.syncmaster.worker.testing.TestKeys;
import io.syncmaster.worker.testing.TestPostgres;
import io.syncmaster.worker.testing.TransferSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code check-transfers} on a real SyncMaster schema holding transfers this worker can and cannot run. */
class TransferCheckTest {
    private static final Map<String, Object> AUTH = Map.of("type", "basic", "user", "u", "password", "not-in-the-report");

    @Test
    void judgesEveryTransferWithTheOperatorsPreClaimCheckAndExitsOneWhenAnyCannotRun() {
        try (TestPostgres postgres = TestPostgres.create("transfer_check")) {
            CredentialCipher cipher = new CredentialCipher(TestKeys.FERNET_KEY);
            SyncMasterFixtures f = new SyncMasterFixtures(postgres.dataSource(), cipher);
            long group = f.group("Analytics", f.user("owner"));
            QueueRef queue = f.queue(group, "nightly");
            long pg = f.connection(group, "postgres", "pg", Map.of("host", "pg.example.com", "port", 5432,
                    "database_name", "sales", "additional_params", Map.of()), AUTH);
            long my = f.connection(group, "mysql", "my", Map.of("host", "my.example.com", "port", 3306,
                    "additional_params", Map.of()), AUTH);
            long hostile = f.connection(group, "mysql", "hostile", Map.of("host", "my.example.com", "port", 3306,
                    "additional_params", Map.of("autoDeserialize", "true")), AUTH);
            long s3 = f.connection(group, "s3", "lake", Map.of("host", "s3.example.com", "bucket", "lake",
                    "additional_params", Map.of()), Map.of("type", "s3", "access_key", "a", "secret_key", "not-in-the-report"));
            long s3Provider = f.connection(group, "s3", "lake with a provider", Map.of("host", "s3.example.com", "bucket", "lake",
                    "additional_params", Map.of("fs.s3a.aws.credentials.provider", "com.example.Steal")),
                    Map.of("type", "s3", "access_key", "a", "secret_key", "not-in-the-report"));
            // a type this worker does not know (e.g. added by a newer SyncMaster)
            long kafka = f.connection(group, "kafka", "events", Map.of("host", "kafka.example.com"), AUTH);

            long ok = f.transfer(TransferSpec.builder(group, queue.id(), pg, my).name("pg to mysql")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(TransferSpec.tableParams("mysql", "db.b")).build());
            long toS3 = f.transfer(TransferSpec.builder(group, queue.id(), pg, s3).name("pg to s3")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(Map.of("type", "s3", "directory_path", "/out", "file_format", Map.of("type", "csv"))).build());
            long toKafka = f.transfer(TransferSpec.builder(group, queue.id(), pg, kafka).name("pg to kafka")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(Map.of("type", "kafka", "topic", "events")).build());
            long provider = f.transfer(TransferSpec.builder(group, queue.id(), pg, s3Provider).name("s3 provider")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(Map.of("type", "s3", "directory_path", "/out", "file_format", Map.of("type", "csv"))).build());
            long incremental = f.transfer(TransferSpec.builder(group, queue.id(), pg, my).name("incremental")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(TransferSpec.tableParams("mysql", "db.b"))
                    .strategyParams(Map.of("type", "incremental", "increment_by", "id")).build());
            long option = f.transfer(TransferSpec.builder(group, queue.id(), pg, hostile).name("driver option")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(TransferSpec.tableParams("mysql", "db.b")).build());
            long transformation = f.transfer(TransferSpec.builder(group, queue.id(), pg, my).name("transformed")
                    .sourceParams(TransferSpec.tableParams("postgres", "public.a"))
                    .targetParams(TransferSpec.tableParams("mysql", "db.b"))
                    .transformations(List.of(Map.of("type", "python_udf"))).build());

            List<TransferCheck.Verdict> verdicts = TransferCheck.check(new TransferRepository(postgres.dataSource(), cipher));
            assertThat(verdicts).extracting(TransferCheck.Verdict::transferId)
                    .containsExactly(ok, toS3, toKafka, provider, incremental, option, transformation);
            assertThat(verdicts.get(0).problem()).isEmpty();
            assertThat(verdicts.get(1).problem()).isEmpty();
            assertThat(verdicts.get(2).problem()).get().asString().contains("unknown connection type 'kafka'");
            assertThat(verdicts.get(3).problem()).get().asString().contains("'fs.s3a.aws.credentials.provider'");
            assertThat(verdicts.get(4).problem()).isEmpty();
            assertThat(verdicts.get(5).problem()).get().asString().contains("autoDeserialize");
            assertThat(verdicts.get(6).problem()).get().asString().contains("python_udf");

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int exit = TransferCheck.report(verdicts, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            System.out.println(out);
            assertThat(exit).isEqualTo(1);
            assertThat(out).startsWith("OK      transfer " + ok + " (pg to mysql)\n")
                    .contains("CANNOT  transfer " + toKafka + " (pg to kafka): target connection " + kafka)
                    .endsWith("7 transfers, 3 can run on this worker, 4 cannot\n")
                    .doesNotContain("not-in-the-report");
            assertThat(TransferCheck.report(verdicts.subList(0, 1), new PrintStream(new ByteArrayOutputStream()))).isZero();
        }
    }
}
