package io.syncmaster.worker.operator.job;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a SyncWorkerQueue's run template may ask for, decided by whoever configures the operator (settings
 * {@code operator.run_policy.*}), not by whoever may edit SyncWorkerQueues: a queue editor must not be able to run an
 * arbitrary image (it would receive every run spec of the queue), borrow a privileged service account, or mount a
 * Secret of the namespace into run pods (the operator's own holds SyncMaster's database URL and Fernet key).
 *
 * <p>Patterns are exact names, or a prefix followed by {@code *}. A queue that asks for more is not Ready (Warning
 * Event) and its runs fail before their claim.
 *
 * @param images          allowed {@code runTemplate.image} (and Spark executor image) values
 * @param serviceAccounts allowed service accounts of run pods (the operator's default one is always allowed)
 * @param env             allowed names of {@code runTemplate.env} variables; {@code SYNCMASTER*} and the JVM option
 *                        variables are never allowed
 * @param secrets         Secrets a template may reference ({@code envFrom}, {@code secretKeyRef}); none by default
 */
public record RunTemplatePolicy(List<String> images, List<String> serviceAccounts, List<String> env,
                                List<String> secrets) {

    /** Variables no template may set: SyncMaster's settings and what injects JVM options (agents, properties). */
    private static final List<String> RESERVED_ENV = List.of("SYNCMASTER*", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");

    public RunTemplatePolicy {
        images = List.copyOf(images);
        serviceAccounts = List.copyOf(serviceAccounts);
        env = List.copyOf(env);
        secrets = List.copyOf(secrets);
    }

    /**
     * The default: the repository of the operator's job-runner image at any tag, the default run service account,
     * any env name but the reserved ones, no Secret.
     */
    public static RunTemplatePolicy defaults(String jobRunnerImage, String defaultServiceAccount) {
        int tag = Math.max(jobRunnerImage.lastIndexOf(':'), jobRunnerImage.lastIndexOf('@'));
        String repository = tag > jobRunnerImage.lastIndexOf('/') ? jobRunnerImage.substring(0, tag) : jobRunnerImage;
        return new RunTemplatePolicy(List.of(repository + ":*", repository + "@*"),
                defaultServiceAccount == null ? List.of() : List.of(defaultServiceAccount), List.of("*"), List.of());
    }

    /** Why {@code template} asks for more than this policy allows (naming the field), or empty. */
    public Optional<String> violation(EffectiveRunTemplate template, String defaultImage, String defaultServiceAccount) {
        if (!template.image().equals(defaultImage) && !matchesAny(images, template.image())) {
            return Optional.of("runTemplate.image '" + template.image() + "' is not in operator.run_policy.images");
        }
        if (template.sparkOnKubernetes() != null && template.sparkOnKubernetes().getExecutorImage() != null
                && !matchesAny(images, template.sparkOnKubernetes().getExecutorImage())
                && !template.sparkOnKubernetes().getExecutorImage().equals(defaultImage)) {
            return Optional.of("runTemplate.sparkOnKubernetes.executorImage '" + template.sparkOnKubernetes().getExecutorImage()
                    + "' is not in operator.run_policy.images");
        }
        String account = template.serviceAccountName();
        if (account != null && !account.equals(defaultServiceAccount) && !matchesAny(serviceAccounts, account)) {
            return Optional.of("runTemplate.serviceAccountName '" + account + "' is not in operator.run_policy.service_accounts");
        }
        for (EnvVar var : template.env()) {
            String name = var.getName() == null ? "" : var.getName();
            if (matchesAny(RESERVED_ENV, name.toUpperCase(Locale.ROOT)) || !matchesAny(env, name)) {
                return Optional.of("runTemplate.env '" + name + "' is not allowed (operator.run_policy.env; SYNCMASTER* and"
                        + " JVM option variables never are)");
            }
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null
                    && !matchesAny(secrets, String.valueOf(var.getValueFrom().getSecretKeyRef().getName()))) {
                return Optional.of("runTemplate.env '" + name + "' reads Secret '" + var.getValueFrom().getSecretKeyRef().getName()
                        + "', which is not in operator.run_policy.secrets");
            }
        }
        for (EnvFromSource from : template.envFrom()) {
            if (from.getSecretRef() != null && !matchesAny(secrets, String.valueOf(from.getSecretRef().getName()))) {
                return Optional.of("runTemplate.envFrom reads Secret '" + from.getSecretRef().getName()
                        + "', which is not in operator.run_policy.secrets");
            }
        }
        return Optional.empty();
    }

    private static boolean matchesAny(List<String> patterns, String value) {
        for (String pattern : patterns) {
            if (pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
