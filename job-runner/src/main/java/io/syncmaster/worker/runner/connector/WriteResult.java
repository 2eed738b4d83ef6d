package io.syncmaster.worker.runner.connector;

import java.util.OptionalLong;

/**
 * What a target reports after a successful write, for the run summary.
 *
 * @param rowsWritten rows now added to (append) or making up (replace) the target
 * @param bytes       bytes written, where the target knows them (files), else empty
 */
public record WriteResult(long rowsWritten, OptionalLong bytes) {
    public static WriteResult rows(long rowsWritten) {
        return new WriteResult(rowsWritten, OptionalLong.empty());
    }
}
