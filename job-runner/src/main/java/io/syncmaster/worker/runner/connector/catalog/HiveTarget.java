package io.syncmaster.worker.runner.connector.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.StagingNames;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.connector.catalog.HiveConnector.HiveTable;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SparkErrors;
import io.syncmaster.worker.runner.jdbc.ColumnNames;
import io.syncmaster.worker.runner.jdbc.TableName;

/**
 * A Hive table written through the session's catalog (transfer-semantics §4.5), column names in lower case.
 * Replace: the rows go into a staging table ({@code saveAsTable}, ORC, upstream's default format) in the target's
 * database; only when all are written is the old table renamed aside, the staging table renamed to the target and
 * the old one dropped. The metastore has no multi-table rename, so between the two renames (one metastore call
 * each) the target name is briefly absent; it is never half-written, and a failed second rename puts the old
 * table back. Append (and the first write of an absent table): upstream's insert by position, after ordering the
 * DataFrame's columns like the table's (case-insensitive; a column mismatch is an error).
 */
final class HiveTarget extends HiveSide implements Target {
    private static final Logger LOG = LoggerFactory.getLogger(HiveTarget.class);

    private final StagingNames names;
    private final TableName staging;
    private final TableName aside;
    private volatile SparkSession spark;

    HiveTarget(HiveTable hive, StagingNames names) {
        super(hive);
        this.names = names;
        this.staging = hive.table().sibling(names.name());
        this.aside = hive.table().sibling(names.name("old"));
    }

    @Override
    public void check(RunEnvironment env) {
        checkDatabase(env);
        spark = env.spark();
    }

    @Override
    public void cleanUpStale(RunEnvironment env) {
        try {
            for (Row row : env.spark().sql("SHOW TABLES IN " + SparkSqlDialect.INSTANCE.quoteIdentifier(hive.table().schema())).collectAsList()) {
                String name = row.getString(row.fieldIndex("tableName"));
                if (names.isStale(name)) {
                    LOG.info("Dropping the staging table {}.{} left by an earlier run of this transfer", hive.table().schema(), name);
                    env.spark().sql("DROP TABLE IF EXISTS " + HiveTable.sql(hive.table().sibling(name)));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not clean up stale staging tables of {}: {}", hive.table(), env.redactor().redact(e.toString()));
        }
    }

    @Override
    public WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode) {
        SparkSession session = env.spark();
        Dataset<Row> normalized = ColumnNames.normalize(data, SparkSqlDialect.INSTANCE);
        boolean exists = session.catalog().tableExists(hive.table().schema(), hive.table().table());
        if (mode == WriteMode.APPEND && exists) {
            return append(session, normalized);
        }
        return replace(session, normalized, exists);
    }

    private WriteResult replace(SparkSession session, Dataset<Row> data, boolean exists) {
        boolean consumed = false;
        try {
            session.sql("DROP TABLE IF EXISTS " + HiveTable.sql(staging));
            try {
                data.write().format("orc").mode(SaveMode.ErrorIfExists).saveAsTable(HiveTable.sql(staging));
            } catch (Exception e) { // Spark throws checked exceptions undeclared
                FailureSide side = SparkErrors.sideOfWriteJob(e);
                throw RunFailure.wrap(side, side == FailureSide.SOURCE ? "reading the source failed"
                        : "writing the staging table " + staging + " failed", e);
            }
            long rows = session.table(HiveTable.sql(staging)).count();
            if (exists) {
                session.sql("ALTER TABLE " + HiveTable.sql(hive.table()) + " RENAME TO " + HiveTable.sql(aside));
                try {
                    session.sql("ALTER TABLE " + HiveTable.sql(staging) + " RENAME TO " + HiveTable.sql(hive.table()));
                } catch (RuntimeException e) {
                    session.sql("ALTER TABLE " + HiveTable.sql(aside) + " RENAME TO " + HiveTable.sql(hive.table()));
                    throw e;
                }
                consumed = true;
                session.sql("DROP TABLE IF EXISTS " + HiveTable.sql(aside));
            } else {
                session.sql("ALTER TABLE " + HiveTable.sql(staging) + " RENAME TO " + HiveTable.sql(hive.table()));
                consumed = true;
            }
            LOG.info("Replaced {} with {} rows", hive.table(), rows);
            return WriteResult.rows(rows);
        } catch (RunFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "cannot replace the target table " + hive.table(), e);
        } finally {
            if (!consumed) {
                dropQuietly(session, staging);
            }
        }
    }

    private WriteResult append(SparkSession session, Dataset<Row> data) {
        String[] tableColumns = session.table(HiveTable.sql(hive.table())).columns();
        Map<String, String> byLower = new LinkedHashMap<>();
        for (String column : data.columns()) {
            byLower.put(column.toLowerCase(Locale.ROOT), column);
        }
        List<Column> ordered = new ArrayList<>();
        for (String column : tableColumns) {
            String source = byLower.remove(column.toLowerCase(Locale.ROOT));
            if (source == null) {
                throw new RunFailure(FailureSide.TARGET, "the target table " + hive.table() + " has column '" + column
                        + "', which the source does not have");
            }
            ordered.add(data.col(source));
        }
        if (!byLower.isEmpty()) {
            throw new RunFailure(FailureSide.TARGET, "the target table " + hive.table() + " has no column for the source columns "
                    + byLower.values());
        }
        Dataset<Row> aligned = data.select(ordered.toArray(Column[]::new));
        long before = session.table(HiveTable.sql(hive.table())).count();
        try {
            aligned.write().insertInto(HiveTable.sql(hive.table()));
        } catch (Exception e) { // Spark throws checked exceptions undeclared
            FailureSide side = SparkErrors.sideOfWriteJob(e);
            throw RunFailure.wrap(side, side == FailureSide.SOURCE ? "reading the source failed"
                    : "appending to the target table " + hive.table() + " failed", e);
        }
        session.catalog().refreshTable(HiveTable.sql(hive.table()));
        long rows = session.table(HiveTable.sql(hive.table())).count() - before;
        LOG.info("Appended {} rows to {} (columns {})", rows, hive.table(), Arrays.toString(tableColumns));
        return WriteResult.rows(rows);
    }

    @Override
    public void abort() {
        SparkSession session = spark;
        if (session != null) {
            dropQuietly(session, staging);
        }
    }

    private static void dropQuietly(SparkSession session, TableName name) {
        try {
            session.sql("DROP TABLE IF EXISTS " + HiveTable.sql(name));
        } catch (RuntimeException e) {
            LOG.warn("Could not drop the staging table {}: {}", name, e.toString());
        }
    }
}
