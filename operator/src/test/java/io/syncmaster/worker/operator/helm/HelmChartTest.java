package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart as {@code helm lint --strict} and {@code helm template} see it: which objects each value set renders,
 * what they contain, and that each one passes the Kubernetes schema (fabric8's validator for built-in kinds, the
 * chart's CRDs for SyncWorkerQueues).
 */
class HelmChartTest {
    private static final String FULLNAME = HelmChart.RELEASE;

    private static Deployment deployment(RenderedChart chart) {
        return chart.get("Deployment", FULLNAME, Deployment.class);
    }

    private static Container operatorContainer(RenderedChart chart) {
        List<Container> containers = deployment(chart).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("operator");
        return containers.get(0);
    }

    private static Map<String, String> podLabels(RenderedChart chart) {
        return deployment(chart).getSpec().getTemplate().getMetadata().getLabels();
    }

    @Test
    void lintStrictPassesWithoutWarnings() {
        LintResult lint = HelmChart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyRenderedObjectPassesTheKubernetesSchema(ChartValues values) {
        RenderedChart chart = HelmChart.render(values.yaml);
        assertThat(chart.objects()).isNotEmpty();
        for (JsonNode object : chart.objects()) {
            assertThat(KubernetesSchemas.errors(object)).as("schema errors of %s", RenderedChart.id(object)).isEmpty();
            assertThat(object.path("metadata").path("namespace").asText()).as("namespace of %s", RenderedChart.id(object))
                    .isEqualTo(HelmChart.NAMESPACE);
            assertThat(object.path("metadata").path("labels").path("app.kubernetes.io/instance").asText())
                    .as("instance label of %s", RenderedChart.id(object)).isEqualTo(HelmChart.RELEASE);
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void operatorPodIsRestrictedWithAWritableTmpOnly(ChartValues values) {
        PodSpec pod = HelmChart.render(values.yaml).ofKind("Deployment").stream()
                .map(d -> RenderedChart.as(d, Deployment.class).getSpec().getTemplate().getSpec()).findFirst().orElseThrow();
        assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
    }

    @Test
    void schemaCheckRejectsWhatTheApiServerWould() {
        RenderedChart chart = HelmChart.render(ChartValues.QUEUES.yaml);
        JsonNode deployment = chart.get("Deployment", FULLNAME).deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replicas", "two");
        assertThat(KubernetesSchemas.errors(deployment)).singleElement().asString().contains("/spec/replicas");
        JsonNode queue = chart.get("SyncWorkerQueue", "123-test-queue").deepCopy();
        ((ObjectNode) queue.path("spec").path("runTemplate")).put("sparkConfig", "typo");
        assertThat(KubernetesSchemas.errors(queue)).singleElement().asString().contains("sparkConfig");
    }

    @Test
    void defaultValuesRenderTheOperatorAndNothingOptional() {
        RenderedChart chart = HelmChart.render();
        assertThat(chart.kindsAndNames()).containsExactlyInAnyOrder(
                "ServiceAccount/" + FULLNAME,
                "ServiceAccount/" + FULLNAME + "-run",
                "Secret/" + FULLNAME,
                "ConfigMap/" + FULLNAME,
                "Role/" + FULLNAME,
                "RoleBinding/" + FULLNAME,
                "Service/" + FULLNAME + "-metrics",
                "Deployment/" + FULLNAME);
    }

    @Test
    void deploymentRunsTheImageEntrypointWithSettingsFromTheConfigMapAndTheSecret() {
        RenderedChart chart = HelmChart.render();
        Deployment deployment = deployment(chart);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container operator = operatorContainer(chart);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).as("never two operators without leader election").isEqualTo("Recreate");
        assertThat(podLabels(chart)).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(operator.getImage()).isEqualTo("syncmaster-worker/operator:0.1.0-SNAPSHOT");
        assertThat(operator.getCommand()).as("the image's ENTRYPOINT starts the jar").isEmpty();
        assertThat(operator.getArgs()).containsExactly("operator");

        assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(chart.get("ServiceAccount", FULLNAME, ServiceAccount.class).getAutomountServiceAccountToken())
                .as("only the operator pod mounts the token, not every pod using the account").isFalse();

        Map<String, EnvVar> env = operator.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        String configFile = env.get("SYNCMASTER_CONFIG_FILE").getValue();
        var configMount = operator.getVolumeMounts().stream().filter(m -> configFile.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        assertThat(configMount.getReadOnly()).isTrue();
        var configVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(configMount.getName())).findFirst().orElseThrow();
        assertThat(configVolume.getConfigMap().getName()).isEqualTo(FULLNAME);
        assertThat(chart.get("ConfigMap", FULLNAME).path("data").has(configFile.substring(configMount.getMountPath().length() + 1))).isTrue();
        assertThat(env.values()).filteredOn(e -> e.getName().startsWith("SYNCMASTER__")).as("no credential as a literal")
                .allSatisfy(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(FULLNAME);
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName());
                })
                .extracting(EnvVar::getName).as("exactly the keys the operator uses, never a whole Secret")
                .containsExactlyInAnyOrder("SYNCMASTER__DATABASE__URL", "SYNCMASTER__BROKER__URL", "SYNCMASTER__ENCRYPTION__SECRET_KEY");
        assertThat(operator.getEnvFrom()).isNullOrEmpty();

        assertThat(operator.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http-metrics");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http-metrics");
        assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http-metrics");

        Service service = chart.get("Service", FULLNAME + "-metrics", Service.class);
        assertThat(podLabels(chart)).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http-metrics");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http-metrics");
        });
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/config");
    }

    @Test
    void secretHoldsExactlyTheThreeCredentialKeys() {
        RenderedChart chart = HelmChart.render(ChartValues.CREDENTIALS.yaml);
        Secret secret = chart.get("Secret", FULLNAME, Secret.class);
        assertThat(secret.getData()).containsOnlyKeys("SYNCMASTER__DATABASE__URL", "SYNCMASTER__BROKER__URL", "SYNCMASTER__ENCRYPTION__SECRET_KEY");
        assertThat(decode(secret.getData().get("SYNCMASTER__DATABASE__URL")))
                .isEqualTo("postgresql+asyncpg://syncmaster:p%40ss@postgres.db.svc:5432/syncmaster");
        assertThat(decode(secret.getData().get("SYNCMASTER__ENCRYPTION__SECRET_KEY"))).isEqualTo("UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=");
        for (JsonNode object : chart.objects()) {
            if (!object.path("kind").asText().equals("Secret")) {
                assertThat(object.toString()).as("%s holds no credential", RenderedChart.id(object))
                        .doesNotContain("p%40ss").doesNotContain("UBgPTioFrtH2unlC4XFDiGf5sYfzbdSf_VgiUSaQc94=").doesNotContain("guest:guest");
            }
        }
    }

    @Test
    void existingSecretReplacesTheChartSecretEverywhere() {
        RenderedChart chart = HelmChart.render(ChartValues.EXISTING_SECRET.yaml);
        assertThat(chart.ofKind("Secret")).isEmpty();
        assertThat(operatorContainer(chart).getEnv()).filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .hasSize(3).allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("syncmaster-credentials"));
        assertThat(ChartSettings.of(chart).operatorSection().has("job_secret_name")).as("run pods no longer use it").isFalse();
    }

    @Test
    void oneReplicaHasNoLeaseAccessAndLeaderElectionOff() {
        RenderedChart chart = HelmChart.render();
        Role role = chart.get("Role", FULLNAME, Role.class);
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("leases"));
        assertThat(ChartSettings.of(chart).operatorSection().path("leader_election").path("enabled").asBoolean()).isFalse();
    }

    @Test
    void severalReplicasElectALeaderOnALease() {
        RenderedChart chart = HelmChart.render(ChartValues.REPLICAS.yaml);
        Deployment deployment = deployment(chart);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        Role role = chart.get("Role", FULLNAME, Role.class);
        // JOSDK checks at start-up that ONE rule grants create, update and get on leases.
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("leases")).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(r.getResources()).containsExactly("leases");
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
        });
        JsonNode election = ChartSettings.of(chart).operatorSection().path("leader_election");
        assertThat(election.path("enabled").asBoolean()).isTrue();
        assertThat(election.path("lease_name").asText()).isEqualTo("syncmaster-worker-leader");
        PodDisruptionBudget pdb = chart.get("PodDisruptionBudget", FULLNAME, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
        assertThat(podLabels(chart)).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void roleBindingGivesTheRoleToTheOperatorAccountOnly() {
        RenderedChart chart = HelmChart.render(ChartValues.CUSTOMISED.yaml);
        String fullname = "syncmaster-worker-sm-operator";
        RoleBinding binding = chart.get("RoleBinding", fullname, RoleBinding.class);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(fullname);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("operator-sa");
            assertThat(s.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        });
        Deployment deployment = chart.get("Deployment", fullname, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("operator-sa");
        assertThat(chart.ofKind("ClusterRole")).isEmpty();
        assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
        assertThat(chart.find("ServiceAccount", "etl-runner")).as("runs.serviceAccount.create=false").isEmpty();
        assertThat(ChartSettings.of(chart, fullname).operatorSection().path("run_defaults").path("service_account_name").asText())
                .isEqualTo("etl-runner");
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.getImage()).isEqualTo("registry.example.com/syncmaster/operator:1.2.3");
        assertThat(operator.getEnv()).extracting(EnvVar::getName).contains("JDK_JAVA_OPTIONS", "TZ");
        assertThat(chart.find("Service", fullname + "-metrics")).isEmpty();
    }

    @Test
    void queuesBecomeSyncWorkerQueuesWithTheRunDefaultsUnderTheirOwnTemplate() {
        RenderedChart chart = HelmChart.render(ChartValues.QUEUES.yaml);
        assertThat(chart.ofKind("SyncWorkerQueue")).extracting(q -> q.path("metadata").path("name").asText())
                .containsExactly("123-test-queue", "7-nightly-loads", "big");

        JsonNode test = chart.get("SyncWorkerQueue", "123-test-queue").path("spec");
        assertThat(test.path("slug").asText()).isEqualTo("123-test_queue");
        assertThat(test.path("maxConcurrentRuns").asInt()).isEqualTo(4);
        assertThat(test.has("suspend")).isFalse();
        assertThat(test.path("runTemplate").path("resources").path("requests").path("memory").asText()).isEqualTo("2Gi");
        assertThat(test.path("runTemplate").path("nodeSelector").path("workload").asText()).isEqualTo("etl");
        assertThat(test.path("runTemplate").path("tolerations").get(0).path("key").asText()).isEqualTo("dedicated");
        assertThat(test.path("runTemplate").path("podLabels").path("team").asText()).isEqualTo("data");
        assertThat(test.path("runTemplate").path("sparkConf").path("spark.sql.shuffle.partitions").asText()).isEqualTo("16");
        assertThat(test.path("runTemplate").has("affinity")).as("empty values are left out").isFalse();

        JsonNode nightly = chart.get("SyncWorkerQueue", "7-nightly-loads").path("spec");
        assertThat(nightly.path("slug").asText()).isEqualTo("7-Nightly_Loads");
        assertThat(nightly.path("suspend").asBoolean()).isTrue();
        assertThat(nightly.has("maxConcurrentRuns")).isFalse();

        JsonNode big = chart.get("SyncWorkerQueue", "big").path("spec").path("runTemplate");
        assertThat(big.path("resources").path("requests").path("memory").asText()).as("the queue's own value wins").isEqualTo("16Gi");
        assertThat(big.path("sparkConf").path("spark.executor.memory").asText()).isEqualTo("8g");
        assertThat(big.path("sparkConf").path("spark.sql.shuffle.partitions").asText()).as("maps are merged").isEqualTo("16");
        assertThat(big.path("activeDeadlineSeconds").asLong()).isEqualTo(172800);
        assertThat(big.path("nodeSelector").path("workload").asText()).isEqualTo("etl");
    }

    @Test
    void queueWithoutRunValuesHasNoRunTemplate() {
        RenderedChart chart = HelmChart.render("queues: [{slug: 5-plain}]");
        assertThat(chart.get("SyncWorkerQueue", "5-plain").path("spec").has("runTemplate")).isFalse();
    }

    @Test
    void twoSlugsWithTheSameDerivedNameAreRejectedNamingBoth() {
        String error = HelmChart.renderError("queues: [{slug: 1-a_b}, {slug: 1-a-b}]");
        assertThat(error).contains("queues[1]").contains("\"1-a-b\"").contains("\"1-a_b\"").contains("queues[1].name");
    }

    @Test
    void sparkOnKubernetesGrantsExecutorPodsToTheRunAccountOnly() {
        RenderedChart chart = HelmChart.render(ChartValues.SPARK_ON_KUBERNETES.yaml);
        String runAccount = FULLNAME + "-run";
        assertThat(chart.get("ServiceAccount", runAccount, ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
        Role role = chart.get("Role", FULLNAME + "-spark", Role.class);
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("");
            assertThat(r.getResources()).containsExactlyInAnyOrder("pods", "services", "configmaps");
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "delete");
            assertThat(r.getResourceNames()).isEmpty();
        });
        RoleBinding binding = chart.get("RoleBinding", FULLNAME + "-spark", RoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME + "-spark");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(runAccount);
        });
        assertThat(ChartSettings.of(chart).operatorSection().path("run_defaults").path("service_account_name").asText()).isEqualTo(runAccount);
        assertThat(HelmChart.render().find("Role", FULLNAME + "-spark")).as("off by default").isEmpty();
        assertThat(HelmChart.renderError("runs: {serviceAccount: {create: false}, sparkOnKubernetes: {enabled: true}}"))
                .contains("runs.sparkOnKubernetes.enabled needs a run ServiceAccount");
    }

    @Test
    void monitoringObjectsAreRenderedOnlyWhenEnabledAndSelectTheMetricsPort() {
        assertThat(HelmChart.render().objects()).noneMatch(o -> o.path("apiVersion").asText().startsWith("monitoring.coreos.com/"));
        RenderedChart chart = HelmChart.render(ChartValues.MONITORING.yaml);
        JsonNode serviceMonitor = chart.get("ServiceMonitor", FULLNAME);
        assertThat(serviceMonitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(serviceMonitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");
        JsonNode endpoint = serviceMonitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("http-metrics");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
        assertThat(endpoint.path("scrapeTimeout").asText()).isEqualTo("10s");
        Service service = chart.get("Service", FULLNAME + "-metrics", Service.class);
        Map<String, String> wanted = RenderedChart.as(serviceMonitor.path("spec").path("selector").path("matchLabels"), Map.class);
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(wanted);

        JsonNode podMonitor = chart.get("PodMonitor", FULLNAME);
        assertThat(podMonitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText()).isEqualTo("http-metrics");
        Map<String, String> podWanted = RenderedChart.as(podMonitor.path("spec").path("selector").path("matchLabels"), Map.class);
        assertThat(podLabels(chart)).containsAllEntriesOf(podWanted);

        assertThat(HelmChart.renderError("metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}"))
                .contains("metrics.serviceMonitor.enabled needs metrics.service.enabled");
    }

    @Test
    void networkPolicyOpensOnlyTheMetricsPortAndRestrictsEgressOnRequest() {
        RenderedChart chart = HelmChart.render(ChartValues.NETWORK_POLICY.yaml);
        NetworkPolicy policy = chart.get("NetworkPolicy", FULLNAME, NetworkPolicy.class);
        assertThat(podLabels(chart)).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http-metrics"));
            assertThat(rule.getFrom()).singleElement()
                    .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
        });
        assertThat(policy.getSpec().getEgress()).hasSize(3);
        assertThat(policy.getSpec().getEgress().get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(53, 53);
        PodDisruptionBudget pdb = chart.get("PodDisruptionBudget", FULLNAME, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();

        NetworkPolicy ingressOnly = HelmChart.render("networkPolicy: {enabled: true}").get("NetworkPolicy", FULLNAME, NetworkPolicy.class);
        assertThat(ingressOnly.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(ingressOnly.getSpec().getEgress()).isEmpty();
        assertThat(ingressOnly.getSpec().getIngress().get(0).getFrom()).as("no peers: anyone may scrape").isEmpty();
    }

    @Test
    void notesTellHowToSeeRunsAndQueuesAndHowToUpgradeCrds() {
        Release release = HelmChart.helm().install().withName(HelmChart.RELEASE).withNamespace(HelmChart.NAMESPACE)
                .withKubeVersion(HelmChart.KUBE_VERSION).dryRun().clientOnly().call();
        String notes = release.getOutput();
        assertThat(notes).contains("kubectl get transferruns -n syncmaster")
                .contains("kubectl get swq -n syncmaster")
                .contains("kubectl apply --server-side -f")
                .contains("WARNING: syncmaster.databaseUrl");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
