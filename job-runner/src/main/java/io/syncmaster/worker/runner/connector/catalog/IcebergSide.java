package io.syncmaster.worker.runner.connector.catalog;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.ConnectorSide;
import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.failure.SparkErrors;
import io.syncmaster.worker.runner.transform.SourceQuery;
import io.syncmaster.worker.runner.jdbc.ColumnNames;
import io.syncmaster.worker.runner.jdbc.TableName;

/** An Iceberg source or target: the catalog settings, upstream's probe ({@code SHOW NAMESPACES IN <catalog>}). */
abstract class IcebergSide implements ConnectorSide {
    private static final Logger LOG = LoggerFactory.getLogger(IcebergSide.class);

    protected final FailureSide side;
    protected final IcebergCatalog catalog;

    IcebergSide(FailureSide side, IcebergCatalog catalog) {
        this.side = side;
        this.catalog = catalog;
    }

    @Override
    public Map<String, String> sparkConf() {
        return catalog.sparkConf();
    }

    /** Applies the catalog settings to the running session too (they are SQL settings), then probes the catalog. */
    protected void checkNamespace(RunEnvironment env) {
        catalog.secrets().forEach(env.redactor()::register);
        SparkSession spark = env.spark();
        catalog.sparkConf().forEach(spark.conf()::set);
        List<String> namespace = catalog.tableParts().subList(0, catalog.tableParts().size() - 1);
        StringBuilder parent = new StringBuilder(SparkSqlDialect.INSTANCE.quoteIdentifier(catalog.name()));
        for (String part : namespace.subList(0, namespace.size() - 1)) {
            parent.append('.').append(SparkSqlDialect.INSTANCE.quoteIdentifier(part));
        }
        List<Row> namespaces;
        try {
            namespaces = spark.sql("SHOW NAMESPACES IN " + parent).collectAsList();
        } catch (RuntimeException e) {
            throw RunFailure.wrap(side, "cannot reach the Iceberg REST catalog " + catalog.sparkConf().get("spark.sql.catalog."
                    + catalog.name() + ".uri"), e);
        }
        String wanted = String.join(".", namespace);
        if (namespaces.stream().noneMatch(row -> row.getString(0).equalsIgnoreCase(wanted))) {
            throw new RunFailure(side, "the " + side.label() + " namespace '" + wanted + "' does not exist in the Iceberg catalog");
        }
    }

    protected boolean tableExists(SparkSession spark) {
        return spark.catalog().tableExists(catalog.tableSql().replace("`", ""));
    }

    @Override
    public String describe() {
        return "iceberg " + catalog.sparkConf().get("spark.sql.catalog." + catalog.name() + ".uri") + " table "
                + String.join(".", catalog.tableParts()) + " (catalog " + catalog.name() + ")";
    }

    /** An Iceberg table read with Spark SQL after a refresh (transfer-semantics §4.6 step 4). */
    static final class IcebergSource extends IcebergSide implements Source {
        IcebergSource(FailureSide side, IcebergCatalog catalog) {
            super(side, catalog);
        }

        @Override
        public void check(RunEnvironment env) {
            checkNamespace(env);
            if (!tableExists(env.spark())) {
                throw new RunFailure(side, "the source table " + String.join(".", catalog.tableParts()) + " does not exist in the Iceberg catalog");
            }
        }

        @Override
        public Dataset<Row> read(RunEnvironment env, ReadRequest request) {
            if (!(request.scope() instanceof ReadScope.All)) {
                throw new RunFailure(FailureSide.SETUP, "an Iceberg source supports the full strategy only in this job-runner yet");
            }
            List<String> parts = catalog.tableParts();
            TableName table = new TableName(catalog.name() + "." + String.join(".", parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1));
            try {
                env.spark().catalog().refreshTable(catalog.tableSql());
                return env.spark().sql(new SourceQuery(SparkSqlDialect.INSTANCE, table, request.transformations()).sql());
            } catch (RuntimeException e) {
                throw RunFailure.wrap(side, "cannot read the source table " + String.join(".", parts), e);
            }
        }
    }

    /**
     * An Iceberg table written with the DataFrameWriterV2: replace = {@code createOrReplace()} (one catalog commit),
     * append = {@code append()} (or {@code create()} when the table is missing). Column names in lower case.
     */
    static final class IcebergTarget extends IcebergSide implements Target {
        IcebergTarget(FailureSide side, IcebergCatalog catalog) {
            super(side, catalog);
        }

        @Override
        public void check(RunEnvironment env) {
            checkNamespace(env);
        }

        @Override
        public WriteResult write(RunEnvironment env, Dataset<Row> data, WriteMode mode) {
            SparkSession spark = env.spark();
            Dataset<Row> normalized = ColumnNames.normalize(data, SparkSqlDialect.INSTANCE);
            String table = catalog.tableSql();
            boolean exists = tableExists(spark);
            try {
                if (mode == WriteMode.APPEND && exists) {
                    long before = spark.table(table).count();
                    normalized.writeTo(table).append();
                    return WriteResult.rows(spark.table(table).count() - before);
                }
                normalized.writeTo(table).using("iceberg").createOrReplace();
            } catch (Exception e) { // Spark throws checked exceptions undeclared
                FailureSide failed = SparkErrors.sideOfWriteJob(e);
                throw RunFailure.wrap(failed, failed == FailureSide.SOURCE ? "reading the source failed"
                        : "writing the target table " + String.join(".", catalog.tableParts()) + " failed", e);
            }
            spark.catalog().refreshTable(table);
            long rows = spark.table(table).count();
            LOG.info("Replaced {} with {} rows", String.join(".", catalog.tableParts()), rows);
            return WriteResult.rows(rows);
        }

        /** Nothing to clean: Iceberg writes no staging table (an aborted commit leaves only orphan data files). */
        @Override
        public void cleanUpStale(RunEnvironment env) {
        }

        @Override
        public void abort() {
        }
    }
}
