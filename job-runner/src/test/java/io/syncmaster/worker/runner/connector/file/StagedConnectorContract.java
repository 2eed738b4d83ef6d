package io.syncmaster.worker.runner.connector.file;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import io.syncmaster.worker.runner.connector.file.remote.StagingNames;

/**
 * The file contract for the staged types: the server serves a local directory ({@link #root()}), targets are the
 * formats of checklist rows #42/#47, and a killed run's leftover is its temporary upload directory.
 */
abstract class StagedConnectorContract extends FileConnectorContract {
    @Override
    String leftoverPath(String directory, long transferId, long runId) {
        return directory + "/" + new StagingNames(transferId, runId).runDirectory() + "/2026_01_01_00_00_00-0.csv";
    }

    @Override
    Stream<Arguments> targetFormats() {
        return checklistTargets42And47();
    }
}
