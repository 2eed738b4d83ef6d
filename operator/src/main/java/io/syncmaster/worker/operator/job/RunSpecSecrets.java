package io.syncmaster.worker.operator.job;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.syncmaster.worker.operator.crd.TransferRun;
import io.syncmaster.worker.runspec.RunSpec;
import io.syncmaster.worker.runspec.RunSpecCodec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-run Secret {@code syncmaster-run-<N>} that carries a run's {@link RunSpec} to its pod (design §9): owned by
 * the TransferRun (garbage-collected with it) and deleted by the operator as soon as the run is terminal, so a run's
 * decrypted credentials exist in the cluster only while the run does. The only Secret API calls the operator makes
 * are create and delete.
 */
public final class RunSpecSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(RunSpecSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunSpecSecrets() {
    }

    /**
     * The Secret object for {@code spec} (not yet created). With Spark on Kubernetes it also holds a fresh random
     * Spark RPC secret and the executor pod template (which mounts only that secret into executors).
     */
    public static Secret build(TransferRun run, long transferId, RunSpec spec, EffectiveRunTemplate template) {
        Map<String, String> labels = new LinkedHashMap<>(RunJobFactory.labels(run, transferId));
        Map<String, String> data = new LinkedHashMap<>();
        data.put(RunJobFactory.RUN_SPEC_KEY, Base64.getEncoder().encodeToString(RunSpecCodec.encode(spec)));
        if (template.sparkOnKubernetes() != null) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            data.put(RunJobFactory.SPARK_AUTH_SECRET_KEY, Base64.getEncoder().encodeToString(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(secret).getBytes(StandardCharsets.US_ASCII)));
            data.put(RunJobFactory.EXECUTOR_POD_TEMPLATE_KEY, Base64.getEncoder().encodeToString(
                    Serialization.asYaml(RunJobFactory.executorPodTemplate(run.getSpec().getRunId()))
                            .getBytes(StandardCharsets.UTF_8)));
        }
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(JobNames.secretName(run.getSpec().getRunId()))
                    .withNamespace(run.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(RunJobFactory.ownerReference(run))
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withData(data)
                .build();
    }

    /**
     * Creates the run's Secret. One that already exists (our own earlier attempt, before a restart) is kept: the
     * spec of a claimed run does not change meaningfully between two attempts, and an immutable Secret cannot be
     * updated anyway.
     */
    public static void create(KubernetesClient client, Secret secret) {
        try {
            client.resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info("Secret {} already exists: keeping it", secret.getMetadata().getName());
        }
    }

    /** Deletes the run's Secret; a Secret that is already gone is fine. */
    public static void delete(KubernetesClient client, TransferRun run) {
        client.secrets().inNamespace(run.getMetadata().getNamespace())
                .withName(JobNames.secretName(run.getSpec().getRunId())).delete();
    }
}
