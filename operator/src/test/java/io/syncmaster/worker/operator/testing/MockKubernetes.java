package io.syncmaster.worker.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * The Kubernetes API of the tests: fabric8's mock server in CRUD mode with the operator's generated CRDs
 * applied (so status subresources behave), plus one namespace.
 */
public final class MockKubernetes implements AutoCloseable {
    /** Where the crd-generator plugin writes the CRDs of this build. */
    public static final Path GENERATED_CRDS = Path.of("target", "classes", "META-INF", "fabric8");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;

    private MockKubernetes(KubernetesMockServer server, KubernetesClient client, String namespace) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
    }

    public static MockKubernetes start(String namespace) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
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
        return new MockKubernetes(server, client, namespace);
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    /** A second, independent client (a restarted operator gets its own). */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
