package io.syncmaster.worker.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The Kubernetes API of the tests: fabric8's mock server in CRUD mode with the operator's generated CRDs
 * applied (so status subresources behave), plus one namespace. It is as strict as kube-apiserver where the CRUD
 * mock is not: every write passes {@link StrictApiRules} first and is refused with the real server's Status when
 * it breaks one (timestamps, names, labels, sizes, Event fields, unknown fields, status writes); the refusals are
 * kept ({@link #rejections()}) so a test can assert there were none. Every request can be observed
 * ({@link #onRequest}); clients made by {@link #newClient()} (the operator under test) identify themselves with
 * {@link #OPERATOR_USER_AGENT}, so a test can tell the operator's traffic from its own and the fake controllers'.
 */
public final class MockKubernetes implements AutoCloseable {
    /** Where the crd-generator plugin writes the CRDs of this build. */
    public static final Path GENERATED_CRDS = Path.of("target", "classes", "META-INF", "fabric8");
    /** User-Agent of the clients returned by {@link #newClient()}. */
    public static final String OPERATOR_USER_AGENT = "syncmaster-worker-operator-under-test";

    /**
     * One request received by the mock API server.
     *
     * @param method HTTP method
     * @param path path with the query string
     * @param userAgent the client's User-Agent header (null when absent)
     */
    public record ApiRequest(String method, String path, String userAgent) {
        /** True when a client from {@link #newClient()} sent it. */
        public boolean fromOperatorClient() {
            return OPERATOR_USER_AGENT.equals(userAgent);
        }
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;
    private final ObservableCrudDispatcher dispatcher;

    private MockKubernetes(KubernetesMockServer server, KubernetesClient client, String namespace, ObservableCrudDispatcher dispatcher) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
        this.dispatcher = dispatcher;
    }

    public static MockKubernetes start(String namespace) {
        StrictApiRules.load(); // seconds of JSON parsing, not on the server's event loop
        ObservableCrudDispatcher dispatcher = new ObservableCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        KubernetesClient client = server.createClient();
        for (String file : List.of("transferruns.syncmaster.io-v1.yml", "syncworkerqueues.syncmaster.io-v1.yml")) {
            try (InputStream in = Files.newInputStream(GENERATED_CRDS.resolve(file))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        return new MockKubernetes(server, client, namespace, dispatcher);
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    /** The API server's URL, for a process outside this JVM (e.g. the operator started as a child process). */
    public String url() {
        return client.getMasterUrl().toString();
    }

    /** A second, independent client for the operator under test (a restarted operator gets its own). */
    public KubernetesClient newClient() {
        return server.createClient(b -> b.editOrNewConfig().withUserAgent(OPERATOR_USER_AGENT).endConfig());
    }

    /** Every write the strict rules refused so far, in order, with its request. */
    public List<RejectedWrite> rejections() {
        return List.copyOf(dispatcher.rejections);
    }

    /** A write refused by {@link StrictApiRules}. */
    public record RejectedWrite(String method, String path, String userAgent, StrictApiRules.Rejection rejection) {
    }

    /** Calls {@code listener} for every request the server receives from now on, before it is handled. */
    public void onRequest(Consumer<ApiRequest> listener) {
        dispatcher.listeners.add(listener);
    }

    /**
     * From now on, answers requests matching {@code which} with an API error (HTTP {@code code}, a Kubernetes Status
     * with {@code message}), as a quota, an admission webhook or schema validation of a real API server would.
     */
    public void reject(Predicate<ApiRequest> which, int code, String message) {
        dispatcher.injected.add(new InjectedRefusal(which, code, message));
    }

    private record InjectedRefusal(Predicate<ApiRequest> which, int code, String message) {
        MockResponse response() {
            String status = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code
                    + ",\"reason\":\"Forbidden\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
            return new MockResponse().setResponseCode(code).setBody(status);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /** The CRUD dispatcher, telling its listeners about each request first and refusing what kube-apiserver would. */
    private static final class ObservableCrudDispatcher extends KubernetesCrudDispatcher {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final List<Consumer<ApiRequest>> listeners = new CopyOnWriteArrayList<>();
        private final List<RejectedWrite> rejections = new CopyOnWriteArrayList<>();
        private final List<InjectedRefusal> injected = new CopyOnWriteArrayList<>();

        ObservableCrudDispatcher() {
            super(List.of());
        }

        /**
         * What a real API server answers to JOSDK's permission check before leader election. The mock has no RBAC, so
         * everything is allowed here; the chart's Role is checked against recorded traffic by the helm tests.
         */
        private static final String ALLOW_ALL_RULES_REVIEW = "{\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"kind\":\"SelfSubjectRulesReview\",\"spec\":{},\"status\":{\"incomplete\":false,"
                + "\"resourceRules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}],"
                + "\"nonResourceRules\":[]}}";

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            ApiRequest observed = new ApiRequest(request.getMethod(), request.getPath(), request.getHeader("User-Agent"));
            listeners.forEach(l -> l.accept(observed));
            for (InjectedRefusal refusal : injected) {
                if (refusal.which().test(observed)) {
                    return refusal.response();
                }
            }
            if ("POST".equals(request.getMethod()) && request.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
                return new MockResponse().setResponseCode(201).setBody(ALLOW_ALL_RULES_REVIEW);
            }
            Optional<StrictApiRules.Rejection> rejection = strictCheck(request);
            if (rejection.isPresent()) {
                rejections.add(new RejectedWrite(request.getMethod(), request.getPath(), request.getHeader("User-Agent"), rejection.get()));
                return new MockResponse().setResponseCode(rejection.get().code())
                        .setHeader("Content-Type", "application/json").setBody(rejection.get().statusJson());
            }
            return super.dispatch(request);
        }

        /** Builds the {@link StrictApiRules.ApiWrite} of a POST, PUT or PATCH (for a patch: the stored object patched). */
        private Optional<StrictApiRules.Rejection> strictCheck(RecordedRequest request) {
            String verb = switch (request.getMethod()) {
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                default -> null;
            };
            if (verb == null) {
                return Optional.empty();
            }
            String path = request.getPath();
            int query = path.indexOf('?');
            String bare = query < 0 ? path : path.substring(0, query);
            ResourcePath target = ResourcePath.parse(bare);
            if (target == null || (target.subresource() != null && !"status".equals(target.subresource()))
                    || target.prefix().startsWith("/apis/apiextensions.k8s.io/")) {
                return Optional.empty();
            }
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
            try {
                boolean statusSubresource = StrictApiRules.ApiWrite.builtInStatusSubresource(target.resource())
                        || isStatusSubresourceEnabledForResource(target.mainPath());
                JsonNode stored = null;
                // The stored object is needed to apply a patch, and to see whether a main-resource write changes status.
                if ("patch".equals(verb) || ("update".equals(verb) && statusSubresource && target.subresource() == null)) {
                    MockResponse current = super.handleGet(target.mainPath());
                    if (current.code() == 200) {
                        stored = JSON.readTree(current.getBody().getBytes());
                    }
                }
                JsonNode requested = JSON.readTree(body);
                JsonNode object;
                if ("patch".equals(verb)) {
                    if (stored == null) {
                        return Optional.empty();
                    }
                    String type = String.valueOf(request.getHeader("Content-Type"));
                    if (type.startsWith("application/json-patch+json")) {
                        object = JsonPatch.apply(requested, stored);
                    } else if (type.startsWith("application/merge-patch+json") || type.startsWith("application/strategic-merge-patch+json")) {
                        object = mergePatch(stored.deepCopy(), requested);
                    } else {
                        return Optional.empty();
                    }
                } else {
                    object = requested;
                }
                if (object == null || !object.isObject()) {
                    return Optional.empty();
                }
                return StrictApiRules.check(new StrictApiRules.ApiWrite(verb, target.resource(), target.subresource(), target.namespace(),
                        statusSubresource, object, stored, body.length));
            } catch (java.io.IOException | RuntimeException e) {
                // Not JSON (or a patch the mock will refuse itself): leave it to the CRUD dispatcher.
                return Optional.empty();
            }
        }

        /** RFC 7386 JSON merge patch (a strategic merge patch is approximated by it: lists are replaced). */
        private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
            if (!patch.isObject()) {
                return patch;
            }
            ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    result.remove(field.getKey());
                } else {
                    result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
                }
            }
            return result;
        }
    }

    /** The parts of an API path: {@code /apis/batch/v1/namespaces/ns/jobs/name/status}. */
    record ResourcePath(String prefix, String namespace, String resource, String name, String subresource) {
        static ResourcePath parse(String path) {
            String[] parts = path.split("/");
            int start;
            if (path.startsWith("/api/") && parts.length >= 3) {
                start = 3;
            } else if (path.startsWith("/apis/") && parts.length >= 4) {
                start = 4;
            } else {
                return null;
            }
            String prefix = String.join("/", java.util.Arrays.copyOfRange(parts, 0, start));
            List<String> rest = List.of(parts).subList(start, parts.length);
            String namespace = null;
            if (rest.size() >= 3 && "namespaces".equals(rest.get(0))) {
                namespace = rest.get(1);
                prefix = prefix + "/namespaces/" + namespace;
                rest = rest.subList(2, rest.size());
            }
            if (rest.isEmpty()) {
                return null;
            }
            return new ResourcePath(prefix, namespace, rest.get(0), rest.size() > 1 ? rest.get(1) : null, rest.size() > 2 ? rest.get(2) : null);
        }

        String mainPath() {
            return prefix + "/" + resource + (name == null ? "" : "/" + name);
        }
    }
}
