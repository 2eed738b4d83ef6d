package io.syncmaster.worker.runner.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.transfer.Resources;

/** The Spark configuration layers of transfer-semantics §3.4 / §5.6. */
class SparkConfigurationTest {
    private static final Resources RESOURCES = new Resources(3, 2, 1_500_000_000L);

    @Test
    void localMasterWhenNoneIsConfigured() {
        Map<String, String> conf = SparkConfiguration.compute(Map.of(), Map.of(), RESOURCES, "SyncMaster__g_t", "pod-1");

        assertThat(conf).containsEntry("spark.master", "local[3]").containsEntry("spark.driver.memory", "1431M")
                .containsEntry("spark.executor.cores", "2").containsEntry("spark.default.parallelism", "6")
                .containsEntry("spark.dynamicAllocation.maxExecutors", "3").containsEntry("spark.kubernetes.executor.limit.cores", "2")
                .containsEntry("spark.kubernetes.driver.pod.name", "pod-1").containsEntry("spark.app.name", "SyncMaster__g_t")
                .containsEntry("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
                .containsEntry("spark.ui.enabled", "false").doesNotContainKey("spark.executor.instances");
    }

    @Test
    void executorsForAClusterMaster() {
        Map<String, String> conf = SparkConfiguration.compute(Map.of("spark.master", "k8s://https://kubernetes.default.svc"), Map.of(),
                RESOURCES, "app", null);

        assertThat(conf).containsEntry("spark.master", "k8s://https://kubernetes.default.svc")
                .containsEntry("spark.executor.memory", "1431M").containsEntry("spark.executor.instances", "3")
                .doesNotContainKeys("spark.driver.memory", "spark.driver.host", "spark.kubernetes.driver.pod.name");
    }

    @Test
    void commandLineOverridesWorkerDefaultsAndComputedKeysOverrideBoth() {
        Map<String, String> conf = SparkConfiguration.compute(
                Map.of("spark.sql.shuffle.partitions", "10", "spark.executor.cores", "8", "spark.ui.enabled", "true",
                        "spark.jars.packages", "org.postgresql:postgresql:42.7.7"),
                Map.of("spark.sql.shuffle.partitions", "20", "spark.master", "local[*]"), RESOURCES, "app", "h");

        assertThat(conf).containsEntry("spark.sql.shuffle.partitions", "20").containsEntry("spark.executor.cores", "2")
                .containsEntry("spark.ui.enabled", "true").containsEntry("spark.master", "local[3]")
                .doesNotContainKey("spark.jars.packages");
    }
}
