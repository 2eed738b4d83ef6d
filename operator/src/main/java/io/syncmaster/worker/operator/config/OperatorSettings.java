package io.syncmaster.worker.operator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.syncmaster.worker.cli.BuildVersion;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.config.SettingsException;
import io.syncmaster.worker.operator.job.RunTemplatePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Operator-only settings: the {@code operator} section of SyncMaster's settings (YAML {@code operator:} or
 * {@code SYNCMASTER__OPERATOR__*}). SyncMaster itself ignores the section, so one config file serves both.
 *
 * @param namespace the namespace whose SyncWorkerQueues and TransferRuns are watched and where Jobs run
 * @param jobRunnerImage default job-runner image of run Jobs
 * @param resync how often every TransferRun is re-checked even without events (stop signals, deadlines, admission)
 * @param prefetch RabbitMQ prefetch of each queue consumer
 * @param runDefaults defaults for what a queue's run template leaves unset
 * @param metricsPort port of the HTTP server for /metrics, /healthz and /readyz (0 = off)
 * @param leaderElection leader election on a Lease, required when more than one replica runs
 * @param stopPollInterval how often the rows of unfinished runs are checked for SyncMaster's stop signal
 * @param runPolicy what a SyncWorkerQueue's run template may ask for ({@code run_policy.images},
 *     {@code .service_accounts}, {@code .env}, {@code .secrets}; defaults: {@link RunTemplatePolicy#defaults})
 */
public record OperatorSettings(
        String namespace,
        String jobRunnerImage,
        Duration resync,
        int prefetch,
        RunDefaults runDefaults,
        int metricsPort,
        LeaderElection leaderElection,
        Duration stopPollInterval,
        RunTemplatePolicy runPolicy) {

    public static final String SECTION = "operator";

    /**
     * Defaults of the run template.
     *
     * @param imagePullPolicy pull policy of the job-runner image
     * @param serviceAccountName service account of run pods (null: the namespace default)
     * @param startTimeout see {@code RunTemplate.startTimeoutSeconds}
     * @param activeDeadline see {@code RunTemplate.activeDeadlineSeconds}
     * @param ttlAfterFinished see {@code RunTemplate.ttlSecondsAfterFinished}
     */
    public record RunDefaults(String imagePullPolicy, String serviceAccountName, Duration startTimeout,
                                                        Duration activeDeadline, Duration ttlAfterFinished) {
    }

    /**
     * Leader election: only the replica holding the Lease consumes queues and reconciles.
     *
     * @param enabled whether to elect a leader (the Helm chart turns it on when replicaCount &gt; 1)
     * @param leaseName name of the coordination.k8s.io Lease in the operator's namespace
     * @param identity this replica's identity (the pod name)
     * @param exitOnStopLeading exit the process when the Lease is lost (default; a new pod starts clean). When false, the
     *     replica stops consuming and keeps running as a standby (used by tests that run two replicas in one JVM)
     */
    public record LeaderElection(boolean enabled, String leaseName, String identity, boolean exitOnStopLeading) {
    }

    /** Reads and validates the section; every error names its key. */
    public static OperatorSettings from(Settings settings, Map<String, String> env) {
        JsonNode s = settings.section(SECTION).orElse(MissingNode.getInstance());
        String defaultNamespace = env.getOrDefault("POD_NAMESPACE", "default");
        JsonNode d = s.path("run_defaults");
        RunDefaults defaults = new RunDefaults(
                text(d, "run_defaults.image_pull_policy", "IfNotPresent"),
                text(d, "run_defaults.service_account_name", null),
                seconds(d, "run_defaults.start_timeout_seconds", 600, 1),
                seconds(d, "run_defaults.active_deadline_seconds", 86_400, 1),
                seconds(d, "run_defaults.ttl_seconds_after_finished", 604_800, 0));
        String jobRunnerImage = text(s, "job_runner_image", "syncmaster-worker/job-runner:" + BuildVersion.get());
        RunTemplatePolicy policyDefaults = RunTemplatePolicy.defaults(jobRunnerImage, defaults.serviceAccountName());
        JsonNode p = s.path("run_policy");
        RunTemplatePolicy policy = new RunTemplatePolicy(
                list(p, "run_policy.images", policyDefaults.images()),
                list(p, "run_policy.service_accounts", policyDefaults.serviceAccounts()),
                list(p, "run_policy.env", policyDefaults.env()),
                list(p, "run_policy.secrets", policyDefaults.secrets()));
        return new OperatorSettings(
                text(s, "namespace", defaultNamespace),
                jobRunnerImage,
                seconds(s, "resync_seconds", 10, 1),
                (int) number(s, "prefetch", 16, 1),
                defaults,
                (int) number(s, "metrics_port", 8080, 0),
                new LeaderElection(
                        bool(s.path("leader_election"), "leader_election.enabled", false),
                        text(s.path("leader_election"), "leader_election.lease_name", "syncmaster-worker-leader"),
                        env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "syncmaster-worker")),
                        bool(s.path("leader_election"), "leader_election.exit_on_stop_leading", true)),
                seconds(s, "stop_poll_seconds", 2, 1),
                policy);
    }

    private static List<String> list(JsonNode node, String key, List<String> fallback) {
        JsonNode v = node.path(leaf(key));
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isArray()) {
            throw new SettingsException(SECTION + "." + key, "must be a list of names or prefix* patterns");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new SettingsException(SECTION + "." + key, "must hold non-empty strings only");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static boolean bool(JsonNode node, String key, boolean fallback) {
        JsonNode v = node.path(leaf(key));
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String text = v.asText().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new SettingsException(SECTION + "." + key, "must be a boolean, got '" + v.asText() + "'");
        };
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.path(leaf(key));
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new SettingsException(SECTION + "." + key, "must be a non-empty string");
        }
        return v.asText();
    }

    private static Duration seconds(JsonNode node, String key, long fallback, long min) {
        return Duration.ofSeconds(number(node, key, fallback, min));
    }

    private static long number(JsonNode node, String key, long fallback, long min) {
        JsonNode v = node.path(leaf(key));
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        long value;
        if (v.isIntegralNumber()) {
            value = v.asLong();
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d+")) {
            value = Long.parseLong(v.asText().trim());
        } else {
            throw new SettingsException(SECTION + "." + key, "must be an integer, got '" + v.asText() + "'");
        }
        if (value < min) {
            throw new SettingsException(SECTION + "." + key, "must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static String leaf(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(dot + 1);
    }
}
