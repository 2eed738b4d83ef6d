package io.syncmaster.worker.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.syncmaster.worker.operator.events.EventPublisher;
import io.syncmaster.worker.operator.events.EventReason;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The strict test API server itself: each rule with a sample from the Kubernetes API reference or the API
 * conventions, sent over HTTP exactly as a client sends it, and the Status kube-apiserver answers with.
 */
class StrictApiServerTest {
    private static final String NS = "strict";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static MockKubernetes kube;

    @BeforeAll
    static void start() {
        kube = MockKubernetes.start(NS);
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    /** A response: its code and body. */
    private record Answer(int code, JsonNode body) {
        String message() {
            return body.path("message").asText();
        }

        String reason() {
            return body.path("reason").asText();
        }
    }

    private static Answer send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kube.url().replaceAll("/$", "") + path))
                .header("Content-Type", contentType)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }

    private static Answer post(String path, Object object) throws IOException, InterruptedException {
        return send("POST", path, "application/json", object instanceof String s ? s : JSON.writeValueAsString(object));
    }

    /**
     * The example of the events.k8s.io/v1 reference: reportingController {@code kubernetes.io/kubelet}, reportingInstance
     * {@code kubelet-xyzf}, eventTime a MicroTime.
     */
    private static ObjectNode event(String name) {
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "events.k8s.io/v1").put("kind", "Event");
        e.putObject("metadata").put("name", name).put("namespace", NS);
        e.put("eventTime", "2026-12-01T22:24:35.685976Z");
        e.put("reportingController", "kubernetes.io/kubelet").put("reportingInstance", "kubelet-xyzf");
        e.put("action", "Binding").put("reason", "Scheduled").put("type", "Normal").put("note", "Successfully assigned pod");
        e.putObject("regarding").put("apiVersion", "v1").put("kind", "Pod").put("name", "nginx").put("namespace", NS);
        return e;
    }

    private static final String EVENTS = "/apis/events.k8s.io/v1/namespaces/" + NS + "/events";

    @Test
    void acceptsAnEventShapedLikeTheApiReference() throws Exception {
        assertThat(post(EVENTS, event("nginx.17f3a0c1d2e3f4a5")).code()).isEqualTo(201);
    }

    @Test
    void refusesAMicroTimeWithoutExactlySixFractionalDigits() throws Exception {
        ObjectNode nine = event("nine.1");
        nine.put("eventTime", "2026-12-01T22:24:35.685976130Z");
        Answer a = post(EVENTS, nine);
        assertThat(a.code()).isEqualTo(400);
        assertThat(a.reason()).isEqualTo("BadRequest");
        assertThat(a.message()).isEqualTo("Event in version \"v1\" cannot be handled as a Event: parsing time "
                + "\"2026-12-01T22:24:35.685976130Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"130Z\" as \"Z07:00\"");

        ObjectNode three = event("three.1");
        three.put("eventTime", "2026-12-01T22:24:35.685Z");
        assertThat(post(EVENTS, three).message()).endsWith("cannot parse \".685Z\" as \".000000\"");
        ObjectNode none = event("none.1");
        none.put("eventTime", "2026-12-01T22:24:35Z");
        assertThat(post(EVENTS, none).message()).endsWith("cannot parse \"Z\" as \".000000\"");
    }

    @Test
    void refusesATimeThatIsNotRfc3339AndAcceptsFractionalSecondsAsGoDoes() throws Exception {
        String pods = "/api/v1/namespaces/" + NS + "/pods";
        Answer noZone = post(pods, pod("no-zone", "2026-12-01T22:24:35"));
        assertThat(noZone.code()).isEqualTo(400);
        assertThat(noZone.message()).isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: parsing time \"2026-12-01T22:24:35\" "
                + "as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"");
        assertThat(post(pods, pod("space", "2026-12-01 22:24:35Z")).message()).endsWith("cannot parse \" 22:24:35Z\" as \"T\"");
        // time.Parse(time.RFC3339, ...) accepts a fraction the layout does not have; the server then stores whole seconds.
        assertThat(post(pods, pod("fraction", "2026-12-01T22:24:35.685976130Z")).code()).isEqualTo(201);
    }

    private static ObjectNode pod(String name, String creationTimestamp) {
        ObjectNode p = JSON.createObjectNode();
        p.put("apiVersion", "v1").put("kind", "Pod");
        p.putObject("metadata").put("name", name).put("namespace", NS).put("creationTimestamp", creationTimestamp);
        p.putObject("spec").putArray("containers").addObject().put("name", "nginx").put("image", "nginx:1.14.2");
        return p;
    }

    @Test
    void refusesNamesThatAreNotDns1123() throws Exception {
        Answer subdomain = post("/api/v1/namespaces/" + NS + "/configmaps", configMap("Run_1"));
        assertThat(subdomain.code()).isEqualTo(422);
        assertThat(subdomain.reason()).isEqualTo("Invalid");
        assertThat(subdomain.message()).isEqualTo("ConfigMap \"Run_1\" is invalid: metadata.name: Invalid value: \"Run_1\": a lowercase "
                + "RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(subdomain.body().at("/details/causes/0/field").asText()).isEqualTo("metadata.name");
        assertThat(post("/api/v1/namespaces/" + NS + "/configmaps", configMap("example.com")).code()).isEqualTo(201);

        ObjectNode namespace = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        namespace.putObject("metadata").put("name", "my.namespace");
        assertThat(post("/api/v1/namespaces", namespace).message()).contains("a lowercase RFC 1123 label must consist of");

        String longName = "syncmaster-run-" + "1".repeat(49);
        Answer job = post("/apis/batch/v1/namespaces/" + NS + "/jobs", job(longName, "IfNotPresent"));
        assertThat(job.code()).isEqualTo(422);
        assertThat(job.message()).contains("spec.template.labels: Invalid value: \"" + longName + "\": must be no more than 63 characters");
    }

    private static ObjectNode configMap(String name) {
        ObjectNode c = JSON.createObjectNode();
        c.put("apiVersion", "v1").put("kind", "ConfigMap");
        c.putObject("metadata").put("name", name).put("namespace", NS);
        return c;
    }

    private static ObjectNode job(String name, String pullPolicy) {
        ObjectNode j = JSON.createObjectNode();
        j.put("apiVersion", "batch/v1").put("kind", "Job");
        j.putObject("metadata").put("name", name).put("namespace", NS);
        ObjectNode container = j.putObject("spec").putObject("template").putObject("spec").put("restartPolicy", "Never")
                .putArray("containers").addObject().put("name", "pi").put("image", "perl:5.34.0");
        container.put("imagePullPolicy", pullPolicy);
        return j;
    }

    @Test
    void refusesAnObjectWhoseNamespaceIsNotTheRequests() throws Exception {
        ObjectNode elsewhere = configMap("elsewhere");
        ((ObjectNode) elsewhere.get("metadata")).put("namespace", "other");
        Answer a = post("/api/v1/namespaces/" + NS + "/configmaps", elsewhere);
        assertThat(a.code()).isEqualTo(400);
        assertThat(a.message()).isEqualTo("the namespace of the provided object does not match the namespace sent on the request");
    }

    @Test
    void refusesLabelValuesThatAreTooLongOrHaveInvalidCharacters() throws Exception {
        ObjectNode tooLong = configMap("labels-long");
        ((ObjectNode) tooLong.get("metadata")).putObject("labels").put("app.kubernetes.io/name", "a".repeat(64));
        Answer a = post("/api/v1/namespaces/" + NS + "/configmaps", tooLong);
        assertThat(a.code()).isEqualTo(422);
        assertThat(a.message()).isEqualTo("ConfigMap \"labels-long\" is invalid: metadata.labels: Invalid value: \"" + "a".repeat(64)
                + "\": must be no more than 63 characters");

        ObjectNode invalid = configMap("labels-invalid");
        ((ObjectNode) invalid.get("metadata")).putObject("labels").put("environment", "-production");
        assertThat(post("/api/v1/namespaces/" + NS + "/configmaps", invalid).message()).contains("metadata.labels: Invalid value: "
                + "\"-production\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'");

        ObjectNode template = job("template-labels", "IfNotPresent");
        ((ObjectNode) template.at("/spec/template")).putObject("metadata").putObject("labels").put("tier", "front end");
        assertThat(post("/apis/batch/v1/namespaces/" + NS + "/jobs", template).message())
                .contains("spec.template.metadata.labels: Invalid value: \"front end\"");

        ObjectNode valid = configMap("labels-valid");
        ((ObjectNode) valid.get("metadata")).putObject("labels").put("environment", "production").put("tier", "my_value.12345");
        assertThat(post("/api/v1/namespaces/" + NS + "/configmaps", valid).code()).isEqualTo(201);
    }

    @Test
    void refusesAnnotationsOver256KiB() throws Exception {
        ObjectNode c = configMap("annotations-big");
        ((ObjectNode) c.get("metadata")).putObject("annotations").put("example.com/notes", "x".repeat(256 * 1024));
        Answer a = post("/api/v1/namespaces/" + NS + "/configmaps", c);
        assertThat(a.code()).isEqualTo(422);
        assertThat(a.message()).isEqualTo("ConfigMap \"annotations-big\" is invalid: metadata.annotations: Too long: must have at most 262144 bytes");
    }

    @Test
    void refusesObjectsOverEtcdsLimitAndBodiesOverTheRequestLimit() throws Exception {
        String queues = "/apis/syncmaster.io/v1alpha1/namespaces/" + NS + "/syncworkerqueues";
        Answer big = post(queues, queue("big", 1600 * 1024));
        assertThat(big.code()).isEqualTo(500);
        assertThat(big.message()).isEqualTo("etcdserver: request is too large");
        Answer huge = post(queues, queue("huge", 3200 * 1024));
        assertThat(huge.code()).isEqualTo(413);
        assertThat(huge.message()).isEqualTo("Request entity too large: limit is 3145728");
        assertThat(post(queues, queue("fits", 1400 * 1024)).code()).isEqualTo(201);
    }

    private static ObjectNode queue(String name, int envBytes) {
        ObjectNode q = JSON.createObjectNode();
        q.put("apiVersion", "syncmaster.io/v1alpha1").put("kind", "SyncWorkerQueue");
        q.putObject("metadata").put("name", name).put("namespace", NS);
        ObjectNode spec = q.putObject("spec").put("slug", name);
        var env = spec.putObject("runTemplate").putArray("env");
        for (int i = 0; i < envBytes / 1024; i++) {
            env.addObject().put("name", "V" + i).put("value", "v".repeat(1000));
        }
        return q;
    }

    @Test
    void refusesEventsWithoutTheFieldsTheApiRequiresForNewEvents() throws Exception {
        ObjectNode e = event("incomplete.1");
        e.remove("reportingController");
        e.put("reportingInstance", "i".repeat(129));
        e.remove("action");
        e.put("reason", "R".repeat(129));
        e.put("note", "é".repeat(513));
        Answer a = post(EVENTS, e);
        assertThat(a.code()).isEqualTo(422);
        assertThat(a.message()).isEqualTo("Event.events.k8s.io \"incomplete.1\" is invalid: [reportingController: Required value, "
                + "reportingInstance: Invalid value: \"\": can have at most 128 characters, action: Required value, "
                + "reason: Invalid value: \"\": can have at most 128 characters, message: Invalid value: \"\": can have at most 1024 characters]");
        assertThat(a.body().at("/details/causes")).hasSize(5);

        ObjectNode elsewhere = event("elsewhere.1");
        ((ObjectNode) elsewhere.get("regarding")).put("namespace", "other");
        assertThat(post(EVENTS, elsewhere).message()).contains("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
    }

    @Test
    void refusesUnknownFieldsOfBuiltInKindsAsStrictFieldValidationDoes() throws Exception {
        ObjectNode j = job("unknown-field", "IfNotPresent");
        ((ObjectNode) j.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        Answer a = post("/apis/batch/v1/namespaces/" + NS + "/jobs", j);
        assertThat(a.code()).isEqualTo(400);
        assertThat(a.message()).isEqualTo("Job in version \"v1\" cannot be handled as a Job: strict decoding error: "
                + "unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"");
        assertThat(post("/apis/batch/v1/namespaces/" + NS + "/jobs", job("known-fields", "IfNotPresent")).code()).isEqualTo(201);
    }

    @Test
    void refusesStatusWrittenThroughTheMainResourceOfKindsWithAStatusSubresource() throws Exception {
        String runs = "/apis/syncmaster.io/v1alpha1/namespaces/" + NS + "/transferruns";
        ObjectNode run = JSON.createObjectNode();
        run.put("apiVersion", "syncmaster.io/v1alpha1").put("kind", "TransferRun");
        run.putObject("metadata").put("name", "run-7").put("namespace", NS);
        run.putObject("spec").put("runId", 7).put("queue", "q").put("slug", "q");
        run.putObject("status").put("phase", "Succeeded");
        Answer created = post(runs, run);
        assertThat(created.code()).isEqualTo(422);
        assertThat(created.message()).startsWith("TransferRun.syncmaster.io \"run-7\" is invalid: status: Forbidden: status is written "
                + "through the status subresource");

        run.remove("status");
        assertThat(post(runs, run).code()).isEqualTo(201);
        Answer stored = send("GET", runs + "/run-7", "application/json", "");
        ((ObjectNode) stored.body()).putObject("status").put("phase", "Failed");
        Answer updatedMain = send("PUT", runs + "/run-7", "application/json", stored.body().toString());
        assertThat(updatedMain.code()).isEqualTo(422);
        assertThat(updatedMain.message()).contains("status: Forbidden");
        Answer patchedStatus = send("PATCH", runs + "/run-7/status", "application/merge-patch+json", "{\"status\":{\"phase\":\"Failed\"}}");
        assertThat(patchedStatus.code()).isBetween(200, 202); // the CRUD mock answers a patch with 202
        Answer labelled = send("PATCH", runs + "/run-7", "application/json-patch+json",
                "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"syncmaster.io/queue\":\"q\"}}]");
        assertThat(labelled.code()).isBetween(200, 202);
        assertThat(kube.client().resources(TransferRun.class).inNamespace(NS).withName("run-7").get().getStatus().getPhase().displayName())
                .isEqualTo("Failed");
    }

    @Test
    void acceptsWhatTheOperatorAndFabric8Write() {
        EventPublisher events = new EventPublisher(kube.newClient(), Clock.fixed(Instant.parse("2026-12-01T22:24:35.685976130Z"), ZoneOffset.UTC),
                "operator-0");
        var cm = kube.client().configMaps().inNamespace(NS).resource(Serialization.unmarshal(configMap("regarding").toString(),
                io.fabric8.kubernetes.api.model.ConfigMap.class)).create();
        events.normal(cm, EventReason.ADMITTED, "é".repeat(2000));
        var recorded = kube.client().events().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "regarding".equals(e.getRegarding().getName())).toList();
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.getEventTime().getTime()).isEqualTo("2026-12-01T22:24:35.685976Z");
            assertThat(e.getReportingController()).isEqualTo("syncmaster.io/operator");
            assertThat(e.getReportingInstance()).isEqualTo("syncmaster-operator-operator-0");
            assertThat(e.getNote().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        });

        // fabric8's LeaseLock writes acquireTime/renewTime (MicroTime) with its own six-digit pattern.
        LeaseLock lock = new LeaseLock(NS, "leader", "operator-0");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lock.create(kube.newClient(), new LeaderElectionRecord("operator-0", Duration.ofSeconds(15), now, now, 0));
        assertThat(kube.client().leases().inNamespace(NS).withName("leader").get().getSpec().getHolderIdentity()).isEqualTo("operator-0");
        assertThat(kube.rejections()).noneMatch(r -> r.path().contains("/leases") || r.path().contains("regarding"));
    }
}
