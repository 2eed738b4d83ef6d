package io.syncmaster.worker.runner.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager;
import org.junit.jupiter.api.Test;

/**
 * The job-runner image must be able to start Spark with executors as pods (the operator's
 * {@code runTemplate.sparkOnKubernetes}); that needs Spark's Kubernetes cluster manager on the classpath. Running it
 * needs a real cluster, which this machine does not have.
 */
class SparkOnKubernetesClasspathTest {
    @Test
    void kubernetesClusterManagerIsShippedAndAcceptsTheInClusterMaster() {
        assertThat(new KubernetesClusterManager().canCreate("k8s://https://kubernetes.default.svc")).isTrue();
    }
}
