package io.syncmaster.worker.runner.connector.file.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.file.DirectoryReader;
import io.syncmaster.worker.runner.connector.file.FtpsConnector;
import io.syncmaster.worker.runner.support.FileFixtures;
import io.syncmaster.worker.runner.support.FileTransfers;
import io.syncmaster.worker.runner.support.People;
import io.syncmaster.worker.runner.support.Plans;
import io.syncmaster.worker.runner.support.ScratchDatabase;
import io.syncmaster.worker.runner.support.SharedSpark;
import io.syncmaster.worker.runner.support.TableContent;
import io.syncmaster.worker.runner.transfer.RunSummary;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * Checklist #49 (FTPS → PostgreSQL, CSV with header) and #51 (PostgreSQL → FTPS, csv.lz4) as whole runs through the
 * TransferController, against Debian's vsftpd requiring TLS for logins and data and TLS session reuse on data
 * connections (the server setup of {@link FtpsFileSystemTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FtpsTransferTest {
    private static final String PASSWORD = "ftps-Transfer-9";
    private static final long TRANSFER_ID = 91;
    private Path dir;
    private Path root;
    private String user;
    private int port;
    private ExternalServer server;
    private ScratchDatabase pg;
    private SparkSession spark;

    @BeforeAll
    void start() throws Exception {
        Path vsftpd = ExternalServer.requireBinary("/usr/sbin/vsftpd", "vsftpd");
        dir = Files.createTempDirectory("ftps-transfer-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(dir.resolve("root"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ExternalServer.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()), null);
        user = "fxftps" + UUID.randomUUID().toString().substring(0, 6);
        ExternalServer.run(List.of("useradd", "--no-create-home", "--home-dir", root.toString(), "--shell", "/bin/sh", user), null);
        ExternalServer.run(List.of("chpasswd"), user + ":" + PASSWORD + "\n");
        ExternalServer.run(List.of("chown", user, root.toString()), null);
        port = ExternalServer.freePort();
        int passive = ExternalServer.freePortRange(20);
        Path conf = Files.writeString(dir.resolve("vsftpd.conf"), String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
                "anonymous_enable=NO", "local_enable=YES", "write_enable=YES", "local_umask=022",
                "chroot_local_user=YES", "allow_writeable_chroot=YES", "local_root=" + root,
                "secure_chroot_dir=" + empty, "pam_service_name=vsftpd", "userlist_enable=NO",
                "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
                "pasv_enable=YES", "pasv_address=127.0.0.1", "pasv_min_port=" + passive, "pasv_max_port=" + (passive + 19),
                "ssl_enable=YES", "allow_anon_ssl=NO", "force_local_logins_ssl=YES", "force_local_data_ssl=YES",
                "require_ssl_reuse=YES", "ssl_ciphers=HIGH",
                "rsa_cert_file=" + dir.resolve("cert.pem"), "rsa_private_key_file=" + dir.resolve("key.pem"),
                "xferlog_enable=NO", "vsftpd_log_file=" + dir.resolve("vsftpd.log"), ""));
        server = ExternalServer.start(List.of(vsftpd.toString(), conf.toString()), dir.resolve("stdout.log"), port);
        pg = ScratchDatabase.create(ScratchDatabase.Kind.POSTGRES, "ftps");
        People.createSource(pg, "source_table", false);
        spark = SharedSpark.session();
        // the source file, written by Spark itself into the FTP user's directory
        FileFixtures.people(spark).coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true")
                .option("timestampFormat", FileFixtures.TIMESTAMP_FORMAT).csv(root.resolve("source/csv").toUri().toString());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (pg != null) {
                pg.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (user != null) {
                ExternalServer.run(List.of("userdel", user), null);
            }
            TestFiles.deleteRecursively(dir);
        }
    }

    private ObjectNode connection() {
        return Plans.JSON.createObjectNode().put("host", "127.0.0.1").put("port", port).put("user", user).put("password", PASSWORD);
    }

    private static ObjectNode csv(String compression) {
        return FileFixtures.format("{\"type\": \"csv\", \"include_header\": true, \"compression\": \"" + compression
                + "\", \"timestampFormat\": \"" + FileFixtures.TIMESTAMP_FORMAT + "\"}");
    }

    /** #49. */
    @Test
    void ftpsToPostgres() {
        RunSummary summary = FileTransfers.filesToPostgres(new FtpsConnector(), connection(),
                FileFixtures.sourceParams("ftps", "/source/csv", csv("none"), true), "[]", pg, "from_ftps",
                FileTransfers.run(TRANSFER_ID));
        assertThat(summary.rowsWritten()).hasValue(27);
        assertThat(TableContent.sameRows(TableContent.rows(pg, "from_ftps", "id"),
                TableContent.expectedFull(People.all(), People.COLUMNS), Duration.ZERO)).isTrue();
    }

    /** #51. */
    @Test
    void postgresToFtps() throws Exception {
        RunSummary summary = FileTransfers.postgresToFiles(pg, "source_table", new FtpsConnector(), connection(),
                FileFixtures.targetParams("ftps", "/target", csv("lz4")), FileTransfers.run(TRANSFER_ID));
        assertThat(summary.rowsWritten()).hasValue(27);
        List<String> names;
        try (var files = Files.list(root.resolve("target"))) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).isNotEmpty();
        for (int i = 0; i < names.size(); i++) {
            assertThat(FileFixtures.nameMatches(names.get(i), i, "csv.lz4")).as(names.get(i)).isTrue();
        }
        DirectoryReader reader = DirectoryReader.parse(FileFixtures.sourceParams("ftps", "/target", csv("lz4"), true));
        String local = root.toUri().toString().replaceAll("/$", "");
        Dataset<Row> back = reader.readFiles(spark, local, reader.list(spark.sessionState().newHadoopConf(), local, List.of()),
                Transformations.none());
        assertThat(TableContent.sameRows(FileFixtures.rows(back, "id"), TableContent.expectedFull(People.all(), People.COLUMNS),
                Duration.ZERO)).isTrue();
    }
}
