package io.syncmaster.worker.runner.connector.catalog;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.syncmaster.worker.runner.connector.ReadRequest;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.catalog.HiveConnector.HiveTable;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.transform.SourceQuery;

/**
 * A Hive table read through the session's catalog (transfer-semantics §4.6 step 4): refresh the table's metadata,
 * then the filtered, projected query in Spark SQL. Hive reads are never split by a JDBC hash: Spark splits the
 * table's files itself.
 */
final class HiveSource extends HiveSide implements Source {
    HiveSource(HiveTable hive) {
        super(hive);
    }

    @Override
    public void check(RunEnvironment env) {
        checkDatabase(env);
        if (!env.spark().catalog().tableExists(hive.table().schema(), hive.table().table())) {
            throw new RunFailure(FailureSide.SOURCE, "the source table " + hive.table() + " does not exist in the Hive metastore");
        }
    }

    @Override
    public Dataset<Row> read(RunEnvironment env, ReadRequest request) {
        if (!(request.scope() instanceof ReadScope.All)) {
            throw new RunFailure(FailureSide.SETUP, "a Hive source supports the full strategy only in this job-runner yet");
        }
        try {
            env.spark().catalog().refreshTable(hive.sql());
            return env.spark().sql(new SourceQuery(SparkSqlDialect.INSTANCE, hive.table(), request.transformations()).sql());
        } catch (RuntimeException e) {
            throw RunFailure.wrap(FailureSide.SOURCE, "cannot read the source table " + hive.table(), e);
        }
    }
}
