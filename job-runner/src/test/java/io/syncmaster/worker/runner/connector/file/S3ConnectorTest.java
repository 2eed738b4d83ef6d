package io.syncmaster.worker.runner.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.FileFixtures;
import io.syncmaster.worker.runner.support.FileTransfers;
import io.syncmaster.worker.runner.support.S3Server;

/** S3 through s3a against s3proxy: checklist #38 and #39 plus the file semantics, and bad credentials. */
class S3ConnectorTest extends FileConnectorContract {
    private static final String BUCKET = "syncmaster-files";
    private S3Server server;

    @Override
    String type() {
        return "s3";
    }

    @Override
    Connector connector() {
        return new S3Connector();
    }

    @Override
    ObjectNode connection() {
        return server.connection(BUCKET, S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
    }

    @Override
    String root() {
        return "s3a://" + BUCKET;
    }

    @Override
    void startServer(Path directory) throws Exception {
        server = S3Server.start(directory);
        server.createBucket(BUCKET);
    }

    @Override
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Checklist #39: csv lz4, jsonline, excel, orc none, parquet gzip, xml none. */
    @Override
    Stream<Arguments> targetFormats() {
        return Stream.of(
                Arguments.of(CSV_LZ4, "csv.lz4"),
                Arguments.of(JSONLINE, "jsonl"),
                Arguments.of(EXCEL_TARGET, "xlsx"),
                Arguments.of(ORC, "orc"),
                Arguments.of("{\"type\": \"parquet\", \"compression\": \"gzip\"}", "gz.parquet"),
                Arguments.of(XML, "xml"));
    }

    @Test
    void badCredentialsFailTheCheckWithoutTheSecret() {
        ObjectNode wrong = server.connection("wrong-keys-bucket", S3Server.ACCESS_KEY, "not-the-secret-key");
        var source = connector().source(FileTransfers.side(FailureSide.SOURCE, "s3", wrong,
                FileFixtures.sourceParams("s3", "/source/csv", FileFixtures.format(CSV), true), run()));
        assertThatThrownBy(() -> source.check(env)).isInstanceOf(RunFailure.class)
                .satisfies(e -> assertThat(((RunFailure) e).side()).isEqualTo(FailureSide.SOURCE))
                .satisfies(e -> assertThat(env.redactor().redact(e.getMessage())).doesNotContain("not-the-secret-key"));
    }

    @Test
    void forbiddenAdditionalParamsAreRefusedByName() {
        ObjectNode merged = connection();
        merged.with("additional_params").put("fs.s3a.secret.key", "x");
        assertThatThrownBy(() -> connector().target(FileTransfers.side(FailureSide.TARGET, "s3", merged,
                FileFixtures.targetParams("s3", "/t", FileFixtures.format(CSV)), run())))
                .isInstanceOf(RunFailure.class).hasMessageContaining("additional_params.fs.s3a.secret.key");
    }
}
