package io.syncmaster.worker.operator.job;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.syncmaster.worker.operator.config.OperatorSettings;
import io.syncmaster.worker.operator.crd.RunTemplate;
import io.syncmaster.worker.operator.crd.SparkOnKubernetes;
import io.syncmaster.worker.operator.run.RunLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A queue's {@link RunTemplate} with every unset field filled from the operator's defaults: the one place that
 * decides what a run actually gets.
 */
public record EffectiveRunTemplate(
        String image,
        String imagePullPolicy,
        ResourceRequirements resources,
        List<EnvVar> env,
        List<EnvFromSource> envFrom,
        String serviceAccountName,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Affinity affinity,
        Map<String, String> podLabels,
        Map<String, String> podAnnotations,
        Map<String, String> sparkConf,
        SparkOnKubernetes sparkOnKubernetes,
        RunLimits limits) {

    public static EffectiveRunTemplate resolve(RunTemplate template, OperatorSettings settings) {
        RunTemplate t = template == null ? new RunTemplate() : template;
        OperatorSettings.RunDefaults d = settings.runDefaults();
        return new EffectiveRunTemplate(
                or(t.getImage(), settings.jobRunnerImage()),
                or(t.getImagePullPolicy(), d.imagePullPolicy()),
                t.getResources(),
                or(t.getEnv(), List.of()),
                or(t.getEnvFrom(), List.of()),
                serviceAccount(t, d),
                or(t.getNodeSelector(), Map.of()),
                or(t.getTolerations(), List.of()),
                t.getAffinity(),
                or(t.getPodLabels(), Map.of()),
                or(t.getPodAnnotations(), Map.of()),
                or(t.getSparkConf(), Map.of()),
                t.getSparkOnKubernetes() != null && t.getSparkOnKubernetes().isOn() ? t.getSparkOnKubernetes() : null,
                new RunLimits(
                        seconds(t.getStartTimeoutSeconds(), d.startTimeout()),
                        seconds(t.getActiveDeadlineSeconds(), d.activeDeadline()),
                        seconds(t.getTtlSecondsAfterFinished(), d.ttlAfterFinished())));
    }

    /** The Spark driver needs its own service account to create executor pods; otherwise the template's or the default. */
    private static String serviceAccount(RunTemplate t, OperatorSettings.RunDefaults d) {
        if (t.getSparkOnKubernetes() != null && t.getSparkOnKubernetes().isOn() && t.getSparkOnKubernetes().getServiceAccountName() != null) {
            return t.getSparkOnKubernetes().getServiceAccountName();
        }
        return or(t.getServiceAccountName(), d.serviceAccountName());
    }

    private static Duration seconds(Long value, Duration fallback) {
        return Optional.ofNullable(value).map((Function<Long, Duration>) Duration::ofSeconds).orElse(fallback);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
