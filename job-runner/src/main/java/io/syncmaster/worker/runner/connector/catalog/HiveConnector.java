package io.syncmaster.worker.runner.connector.catalog;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;
import io.syncmaster.worker.runner.jdbc.TableName;

/**
 * {@code hive}: the Spark session's Hive catalog (transfer-semantics §2.3). The connection has only {@code cluster}
 * (a label, as upstream without onETL's cluster hooks) and basic auth; the metastore and HDFS come from the run
 * pod's Hadoop configuration directory ({@link HadoopConfigurationDirectory}). When that configuration enables
 * Kerberos, the run logs in with the connection's user and password before Spark starts ({@link KerberosLogin}).
 */
public final class HiveConnector implements Connector {
    @Override
    public String type() {
        return "hive";
    }

    @Override
    public Source source(SideSpec spec) {
        return new HiveSource(HiveTable.validate(spec));
    }

    @Override
    public Target target(SideSpec spec) {
        return new HiveTarget(HiveTable.validate(spec), spec.run().staging());
    }

    /** The validated side: table, credentials, cluster settings. {@link #toString()} hides the password. */
    record HiveTable(SideSpec spec, TableName table, String cluster, String user, String password,
            HadoopConfigurationDirectory hadoop) {
        static HiveTable validate(SideSpec spec) {
            Fields connection = spec.connectionFields();
            String cluster = connection.requiredText("cluster");
            String user = connection.requiredText("user");
            String password = connection.textOrEmpty("password");
            TableName table = TableName.parse(spec.paramFields().optionalText("table_name").orElse(null), spec.side(),
                    "transfer." + spec.side().label() + "_params");
            HadoopConfigurationDirectory hadoop = HadoopConfigurationDirectory.fromEnvironment();
            if (hadoop.kerberos() && password.isEmpty()) {
                throw connection.fail("password", "is missing (the cluster's Hadoop configuration enables Kerberos)");
            }
            return new HiveTable(spec, table, cluster, user, password, hadoop);
        }

        /** {@code `db`.`table`} in Spark SQL. */
        String sql() {
            return sql(table);
        }

        static String sql(TableName name) {
            return SparkSqlDialect.INSTANCE.quoteIdentifier(name.schema()) + "." + SparkSqlDialect.INSTANCE.quoteIdentifier(name.table());
        }

        @Override
        public String toString() {
            return "HiveTable[" + table + ", cluster=" + cluster + ", user=" + user + "]";
        }
    }
}
