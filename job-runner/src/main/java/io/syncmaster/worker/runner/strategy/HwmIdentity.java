package io.syncmaster.worker.runner.strategy;

import java.util.Set;

/**
 * Name, entity and expression of a transfer's HWM exactly as SyncMaster builds them (hwm-contract §1.9, §1.7):
 * {@code <transfer id>_<source type>_<table_name or directory_path as entered>}; the entity is the table, or the
 * directory without a trailing slash; the expression is the increment column quoted as onETL quotes it (backticks
 * for MySQL, Hive and Iceberg, double quotes otherwise). Horizon only compares the expression to warn, but a
 * Python worker reading an HWM this worker wrote sees the same fields.
 */
public record HwmIdentity(String name, String entity, String expression) {
    private static final Set<String> BACKTICK_TYPES = Set.of("mysql", "hive", "iceberg");

    /** A database source's HWM for {@code column}. */
    public static HwmIdentity forTable(long transferId, String sourceType, String tableName, String column) {
        String quoted = BACKTICK_TYPES.contains(sourceType) ? "`" + column.replace("`", "``") + "`"
                : "\"" + column.replace("\"", "\"\"") + "\"";
        return new HwmIdentity(name(transferId, sourceType, tableName), tableName, quoted);
    }

    /** A file source's HWM. */
    public static HwmIdentity forDirectory(long transferId, String sourceType, String directoryPath) {
        String entity = directoryPath;
        while (entity.length() > 1 && entity.endsWith("/")) {
            entity = entity.substring(0, entity.length() - 1);
        }
        return new HwmIdentity(name(transferId, sourceType, directoryPath), entity, null);
    }

    private static String name(long transferId, String sourceType, String suffix) {
        return transferId + "_" + sourceType + "_" + suffix;
    }
}
