package io.syncmaster.worker.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The Kubernetes API of the tests: fabric8's mock server in CRUD mode with the operator's generated CRDs
 * applied (so status subresources behave), plus one namespace. Every request can be observed
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

    /** Calls {@code listener} for every request the server receives from now on, before it is handled. */
    public void onRequest(Consumer<ApiRequest> listener) {
        dispatcher.listeners.add(listener);
    }

    /**
     * From now on, answers requests matching {@code which} with an API error (HTTP {@code code}, a Kubernetes Status
     * with {@code message}), as a quota, an admission webhook or schema validation of a real API server would.
     */
    public void reject(Predicate<ApiRequest> which, int code, String message) {
        dispatcher.rejections.add(new Rejection(which, code, message));
    }

    private record Rejection(Predicate<ApiRequest> which, int code, String message) {
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

    /** The CRUD dispatcher, telling its listeners about each request first. */
    private static final class ObservableCrudDispatcher extends KubernetesCrudDispatcher {
        private final List<Consumer<ApiRequest>> listeners = new CopyOnWriteArrayList<>();
        private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

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
            for (Rejection rejection : rejections) {
                if (rejection.which().test(observed)) {
                    return rejection.response();
                }
            }
            if ("POST".equals(request.getMethod()) && request.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
                return new MockResponse().setResponseCode(201).setBody(ALLOW_ALL_RULES_REVIEW);
            }
            return super.dispatch(request);
        }
    }
}
