package io.syncmaster.worker.runner;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import io.syncmaster.worker.runner.spark.SparkConfiguration;
import io.syncmaster.worker.runner.spark.SparkSessionProvider;
import io.syncmaster.worker.runner.transfer.Resources;
import picocli.CommandLine.Command;

/**
 * {@code warm-up}: starts a local Spark session, runs a tiny job and loads the JDBC drivers, without touching any
 * database. Used at image build time as the training run of a class-data-sharing archive
 * ({@code java -XX:ArchiveClassesAtExit=job-runner.jsa @jvm.options -jar syncmaster-job-runner.jar warm-up}), which
 * the launcher then passes to the JVM to cut start-up time.
 */
@Command(name = "warm-up", hidden = true, description = "Start and stop a local Spark session (class-data-sharing training run).")
public final class WarmUpCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Map<String, String> conf = SparkConfiguration.compute(Map.of(), Map.of(), Resources.DEFAULT, "SyncMaster__warm-up", null);
        SparkSessionProvider provider = SparkSessionProvider.perRun();
        SparkSession spark = provider.open(conf);
        try {
            long count = spark.range(0, 1000, 1, 1).toJavaRDD().count();
            for (String driver : new String[] {"org.postgresql.Driver", "com.mysql.cj.jdbc.Driver"}) {
                Class.forName(driver);
            }
            Class.forName("org.postgresql.copy.CopyManager");
            Class.forName("org.apache.spark.sql.execution.datasources.jdbc.JdbcUtils");
            System.out.println("warm-up done (" + count + " rows counted)");
            return JobRunner.EXIT_OK;
        } finally {
            provider.close(spark);
        }
    }
}
