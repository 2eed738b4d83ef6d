package io.syncmaster.worker.runner.connector.file;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/** Checks of the stored {@code directory_path}, shared by file sources and targets. */
public final class FilePaths {
    private FilePaths() {
    }

    /**
     * The directory as an absolute POSIX path without a trailing '/' ({@code /} stays {@code /}).
     *
     * @param field e.g. {@code transfer.source_params.directory_path}
     */
    public static String directory(String value, FailureSide side, String field) {
        if (value == null || value.isEmpty()) {
            throw new RunFailure(side, field + " is required");
        }
        if (!value.startsWith("/")) {
            throw new RunFailure(side, field + " '" + value + "' must be an absolute path");
        }
        for (String part : value.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new RunFailure(side, field + " '" + value + "' must not contain '.' or '..'");
            }
        }
        String trimmed = value.replaceAll("/+", "/");
        return trimmed.length() > 1 && trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** {@code root} ({@code s3a://bucket}, {@code hdfs://ns}, {@code file://}) joined with an absolute path. */
    public static String join(String root, String absolutePath) {
        return root + absolutePath;
    }

    /** Spark and Hadoop skip names starting with '.' or '_' (hidden files, {@code _SUCCESS}, our staging dir). */
    public static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }
}
