package io.syncmaster.worker.operator.helm;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One Kubernetes API request expressed the way RBAC sees it: API group, resource (with subresource), verb and
 * namespace. It lets a test compare the requests the operator really sent with the rules of the chart's Role.
 *
 * @param apiGroup API group ("" for the core group)
 * @param resource resource, with its subresource after a slash ({@code transferruns/status})
 * @param verb RBAC verb: get, list, watch, create, update, patch, delete, deletecollection
 * @param namespace namespace of the request, null for cluster-scoped requests
 */
public record KubernetesApiCall(String apiGroup, String resource, String verb, String namespace) {

    /**
     * Maps an HTTP request to the RBAC attributes the API server derives from it (see the Kubernetes docs,
     * "Determine the request verb"). Returns empty for non-resource requests such as {@code /version} or discovery.
     */
    public static Optional<KubernetesApiCall> fromHttp(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String[] segments = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        int rest;
        String group;
        if (segments.length >= 2 && segments[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.length >= 3 && segments[0].equals("apis")) {
            group = segments[1];
            rest = 3;
        } else {
            return Optional.empty();
        }
        if (segments.length == rest) {
            return Optional.empty(); // group/version discovery
        }
        String namespace = null;
        if (segments[rest].equals("namespaces") && segments.length >= rest + 3) {
            namespace = segments[rest + 1];
            rest += 2;
        }
        String resource = segments[rest];
        String name = segments.length > rest + 1 ? segments[rest + 1] : null;
        String subresource = segments.length > rest + 2 ? segments[rest + 2] : null;
        if (name != null && resource.equals("namespaces") && namespace == null) {
            namespace = name; // a request on the namespace object itself
        }
        boolean watch = Optional.ofNullable(uri.getQuery()).map(q -> Arrays.stream(q.split("&"))
                .anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"))).orElse(false);
        String verb = switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("Unexpected HTTP method " + method + " for " + pathAndQuery);
        };
        return Optional.of(new KubernetesApiCall(group, subresource == null ? resource : resource + "/" + subresource, verb, namespace));
    }

    @Override
    public String toString() {
        return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + (namespace == null ? " (cluster)" : " in " + namespace);
    }
}
