package io.syncmaster.worker.runner.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.FileFixtures;
import io.syncmaster.worker.runner.support.FileTransfers;
import io.syncmaster.worker.runner.support.FtpTestServer;
import io.syncmaster.worker.runner.support.Plans;

/**
 * FTP staged through the run's scratch directory, against Apache FtpServer: checklist #44 and #47 plus the file
 * semantics. The server's home directory is local, so fixtures are written there and results read from there
 * ({@link #root()}); the connector itself only speaks FTP.
 */
class FtpConnectorTest extends StagedConnectorContract {
    private FtpTestServer server;

    @Override
    String type() {
        return "ftp";
    }

    @Override
    Connector connector() {
        return new FtpConnector();
    }

    @Override
    ObjectNode connection() {
        return Plans.JSON.createObjectNode().put("host", "127.0.0.1").put("port", server.port())
                .put("user", FtpTestServer.USER).put("password", FtpTestServer.PASSWORD);
    }

    @Override
    String root() {
        return server.home().toUri().toString().replaceAll("/$", "");
    }

    @Override
    void startServer(Path directory) throws Exception {
        server = FtpTestServer.start(directory.resolve("home"));
    }

    @Override
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stagedSidesAskForALocalSparkMaster() {
        var target = connector().target(FileTransfers.side(FailureSide.TARGET, "ftp", connection(),
                FileFixtures.targetParams("ftp", "/t", FileFixtures.format(CSV)), run()));
        assertThat(target.sparkConf()).containsEntry("spark.master", "local[*]");
    }

    @Test
    void badCredentialsFailTheCheckWithoutThePassword() {
        ObjectNode wrong = connection().put("password", "wrong-ftp-password");
        var source = connector().source(FileTransfers.side(FailureSide.SOURCE, "ftp", wrong,
                FileFixtures.sourceParams("ftp", "/source/csv", FileFixtures.format(CSV), true), run()));
        assertThatThrownBy(() -> source.check(env)).isInstanceOf(RunFailure.class)
                .satisfies(e -> assertThat(((RunFailure) e).side()).isEqualTo(FailureSide.SOURCE))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-ftp-password"));
    }
}
