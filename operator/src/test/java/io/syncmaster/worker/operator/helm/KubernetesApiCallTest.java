package io.syncmaster.worker.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP requests map to the RBAC attributes the API server authorizes them with. */
class KubernetesApiCallTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            GET    | /apis/batch/v1/namespaces/ns/jobs?labelSelector=a%3Db&resourceVersion=0               | batch         | jobs                    | list   | ns
            GET    | /apis/batch/v1/namespaces/ns/jobs?allowWatchBookmarks=true&watch=true                  | batch         | jobs                    | watch  | ns
            GET    | /apis/batch/v1/namespaces/ns/jobs/syncmaster-run-1                                     | batch         | jobs                    | get    | ns
            POST   | /apis/batch/v1/namespaces/ns/jobs                                                      | batch         | jobs                    | create | ns
            DELETE | /apis/batch/v1/namespaces/ns/jobs/syncmaster-run-1                                     | batch         | jobs                    | delete | ns
            DELETE | /apis/batch/v1/namespaces/ns/jobs?labelSelector=x                                       | batch         | jobs                    | deletecollection | ns
            PUT    | /apis/syncmaster.io/v1alpha1/namespaces/ns/transferruns/run-1/status                   | syncmaster.io | transferruns/status     | update | ns
            PATCH  | /apis/syncmaster.io/v1alpha1/namespaces/ns/syncworkerqueues/etl                        | syncmaster.io | syncworkerqueues        | patch  | ns
            GET    | /api/v1/namespaces/ns/pods?watch=1                                                     | ''            | pods                    | watch  | ns
            GET    | /api/v1/namespaces/ns/pods/p-1/log                                                     | ''            | pods/log                | get    | ns
            GET    | /api/v1/namespaces/ns                                                                  | ''            | namespaces              | get    | ns
            GET    | /api/v1/namespaces                                                                     | ''            | namespaces              | list   | null
            POST   | /apis/authorization.k8s.io/v1/selfsubjectrulesreviews                                  | authorization.k8s.io | selfsubjectrulesreviews | create | null
            GET    | /apis/apiextensions.k8s.io/v1/customresourcedefinitions/transferruns.syncmaster.io     | apiextensions.k8s.io | customresourcedefinitions | get | null
            """)
    void resourceRequests(String method, String path, String group, String resource, String verb, String namespace) {
        assertThat(KubernetesApiCall.fromHttp(method.trim(), path.trim()))
                .contains(new KubernetesApiCall(group, resource, verb, namespace));
    }

    @ParameterizedTest
    @CsvSource({"/version", "/api", "/api/v1", "/apis", "/apis/batch/v1", "/openapi/v2", "/healthz"})
    void discoveryAndOtherNonResourceRequests(String path) {
        assertThat(KubernetesApiCall.fromHttp("GET", path)).isEmpty();
    }
}
