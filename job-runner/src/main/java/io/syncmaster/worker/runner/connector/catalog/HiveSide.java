package io.syncmaster.worker.runner.connector.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.syncmaster.worker.runner.connector.ConnectorSide;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.catalog.HiveConnector.HiveTable;
import io.syncmaster.worker.runner.failure.RunFailure;

/** What a Hive source and a Hive target share: the session settings, the Kerberos login and the connection check. */
abstract class HiveSide implements ConnectorSide {
    protected final HiveTable hive;

    HiveSide(HiveTable hive) {
        this.hive = hive;
    }

    /** The Hive catalog, and the cluster's Hadoop/Hive settings for the metastore client and HDFS. */
    @Override
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>(hive.hadoop().sparkConf());
        conf.put("spark.sql.catalogImplementation", "hive");
        return conf;
    }

    @Override
    public void beforeSession() {
        if (hive.hadoop().kerberos()) {
            KerberosLogin.login(hive.hadoop().settings(), hive.user(), hive.password().toCharArray(), hive.spec().side());
        }
    }

    /** Upstream's probe ({@code SHOW DATABASES}), then: the table's database must exist. */
    protected void checkDatabase(RunEnvironment env) {
        SparkSession spark = env.spark();
        String implementation = spark.conf().get("spark.sql.catalogImplementation", "in-memory");
        if (!"hive".equals(implementation)) {
            throw new RunFailure(hive.spec().side(), "the Spark session has no Hive catalog (spark.sql.catalogImplementation="
                    + implementation + ")");
        }
        List<Row> databases;
        try {
            databases = spark.sql("SHOW DATABASES").collectAsList();
        } catch (RuntimeException e) {
            throw RunFailure.wrap(hive.spec().side(), "cannot reach the Hive metastore", e);
        }
        String wanted = hive.table().schema().toLowerCase(Locale.ROOT);
        if (databases.stream().noneMatch(row -> wanted.equals(row.getString(0).toLowerCase(Locale.ROOT)))) {
            throw new RunFailure(hive.spec().side(), "the " + hive.spec().side().label() + " database '" + hive.table().schema()
                    + "' does not exist in the Hive metastore");
        }
    }

    @Override
    public String describe() {
        return "hive cluster " + hive.cluster() + " table " + hive.table();
    }
}
