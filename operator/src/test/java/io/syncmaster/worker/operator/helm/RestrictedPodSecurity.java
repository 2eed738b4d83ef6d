package io.syncmaster.worker.operator.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Kubernetes Pod Security Standard "restricted" (as the PodSecurity admission controller applies
 * them, https://kubernetes.io/docs/concepts/security/pod-security-standards/), plus the two rules this project adds:
 * a read-only root filesystem and a writable {@code /tmp} emptyDir.
 */
final class RestrictedPodSecurity {
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    /** What violates the restricted profile or the project's rules; empty when the pod is compliant. */
    static List<String> violations(PodSpec pod) {
        List<String> problems = new ArrayList<>();
        PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            problems.add("host namespaces are shared");
        }
        for (Volume v : pod.getVolumes()) {
            String type = volumeType(v);
            if (!RESTRICTED_VOLUME_TYPES.contains(type)) {
                problems.add("volume " + v.getName() + " has type " + type);
            }
        }
        if (podContext.getRunAsUser() != null && podContext.getRunAsUser() == 0) {
            problems.add("pod runAsUser is 0");
        }
        String podSeccomp = podContext.getSeccompProfile() == null ? null : podContext.getSeccompProfile().getType();
        List<Container> containers = Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
        for (Container c : containers) {
            SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
            String name = "container " + c.getName() + ": ";
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(name + "allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problems.add(name + "privileged");
            }
            boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : Boolean.TRUE.equals(podContext.getRunAsNonRoot());
            if (!nonRoot) {
                problems.add(name + "runAsNonRoot is not true (neither on the container nor on the pod)");
            }
            if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                problems.add(name + "runAsUser is 0");
            }
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType() : podSeccomp;
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                problems.add(name + "seccompProfile is " + seccomp + ", not RuntimeDefault or Localhost");
            }
            List<String> drop = sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null ? List.of() : sc.getCapabilities().getDrop();
            List<String> add = sc.getCapabilities() == null || sc.getCapabilities().getAdd() == null ? List.of() : sc.getCapabilities().getAdd();
            if (!drop.contains("ALL")) {
                problems.add(name + "capabilities do not drop ALL");
            }
            if (add.stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
                problems.add(name + "adds capabilities " + add);
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problems.add(name + "root filesystem is not read-only");
            }
            boolean tmpIsEmptyDir = c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                    && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
            if (!tmpIsEmptyDir) {
                problems.add(name + "/tmp is not an emptyDir");
            }
            if (c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
                problems.add(name + "uses a host port");
            }
        }
        return problems;
    }

    private static String volumeType(Volume v) {
        if (v.getConfigMap() != null) {
            return "configMap";
        } else if (v.getEmptyDir() != null) {
            return "emptyDir";
        } else if (v.getSecret() != null) {
            return "secret";
        } else if (v.getProjected() != null) {
            return "projected";
        } else if (v.getDownwardAPI() != null) {
            return "downwardAPI";
        } else if (v.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        } else if (v.getCsi() != null) {
            return "csi";
        } else if (v.getEphemeral() != null) {
            return "ephemeral";
        }
        return "other (" + v + ")";
    }
}
