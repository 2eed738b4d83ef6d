package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.file.remote.RemoteConnectionConfigs;
import io.syncmaster.worker.runner.connector.file.remote.VerificationSettings;

/**
 * What the five staged connection types share: their connection JSON parses into a
 * {@link io.syncmaster.worker.runner.connector.file.remote.RemoteConnectionConfig}, sources download into the run's
 * scratch directory and targets upload from it. Each type is its own small subclass (one connector class per type).
 */
abstract class StagedFileConnector implements Connector {
    private final String type;
    private final VerificationSettings verification;

    StagedFileConnector(String type, VerificationSettings verification) {
        this.type = type;
        this.verification = verification;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Source source(SideSpec spec) {
        return new StagedFileSource(RemoteConnectionConfigs.parse(type, spec.connection().merged(), spec.side()), verification,
                DirectoryReader.parse(spec.params()));
    }

    @Override
    public final Target target(SideSpec spec) {
        return new StagedFileTarget(RemoteConnectionConfigs.parse(type, spec.connection().merged(), spec.side()), verification,
                DirectoryWriter.parse(spec.params()), spec.run());
    }
}
