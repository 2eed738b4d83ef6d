package io.syncmaster.worker.operator.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncmaster.worker.operator.job.RunJobFactory;
import io.syncmaster.worker.operator.testing.FakeJobController;
import io.syncmaster.worker.testing.JobRunnerBuild;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubelet that really runs the run's container: the job-runner named by the Job (its jar stands in for the image,
 * whose entrypoint is {@code java @jvm.options -jar syncmaster-job-runner.jar}) in a child JVM, with the container's
 * args and env resolved the way Kubernetes resolves them: literal values, {@code secretKeyRef} from the Secret in the
 * (mock) API server, {@code fieldRef} from the pod, Secret volumes as files (the run spec the operator wrote). The pod's {@code /tmp} emptyDir and its termination-message file
 * are directories under the test's scratch directory. The Pod and Job status then follow the exit code and the
 * termination message, as the kubelet and the Job controller report them.
 */
final class RealJobRunnerPod implements FakeJobController.PodBehavior {

    private final KubernetesClient client;
    private final String namespace;
    private final Path jar;
    private final Path scratch;

    RealJobRunnerPod(KubernetesClient client, String namespace, Path jar, Path scratch) {
        this.client = client;
        this.namespace = namespace;
        this.jar = jar;
        this.scratch = scratch;
    }

    @Override
    public void run(Job job, FakeJobController.PodControl pod) throws Exception {
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Path podDir = Files.createDirectories(scratch.resolve(pod.podName()));
        Path tmp = Files.createDirectories(podDir.resolve("tmp"));
        Path terminationLog = podDir.resolve("termination-log");

        Map<String, Path> mounts = mountSecretVolumes(job, container, podDir);

        List<String> command = new ArrayList<>(List.of(JobRunnerBuild.java().toString(),
                "@" + JobRunnerBuild.jvmOptions(jar), "-Xmx512m", "-Djava.io.tmpdir=" + tmp,
                "-jar", jar.toString()));
        for (String arg : container.getArgs()) {
            String resolved = arg.equals(container.getTerminationMessagePath()) ? terminationLog.toString() : arg;
            for (Map.Entry<String, Path> mount : mounts.entrySet()) {
                if (resolved.startsWith(mount.getKey() + "/")) {
                    resolved = mount.getValue() + resolved.substring(mount.getKey().length());
                }
            }
            command.add(resolved);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(podDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.toUpperCase().startsWith("SYNCMASTER"));
        env.putAll(resolveEnv(container, pod));
        env.put("SPARK_LOCAL_DIRS", tmp.toString()); // the pod's /tmp emptyDir
        builder.redirectErrorStream(true).redirectOutput(podDir.resolve("output.log").toFile());

        Process process = builder.start();
        pod.running();
        int exitCode;
        try {
            exitCode = process.waitFor();
        } catch (InterruptedException e) {
            // the Job was deleted (stop, TTL): the kubelet kills the container
            process.destroyForcibly();
            throw e;
        }
        if (exitCode == 0) {
            pod.succeed();
        } else {
            String message = Files.exists(terminationLog) ? Files.readString(terminationLog, StandardCharsets.UTF_8) : "";
            pod.fail(exitCode, "Error", message);
        }
    }

    /** Secret volumes as the kubelet materialises them: one file per key, under the pod's directory; mount path → dir. */
    private Map<String, Path> mountSecretVolumes(Job job, Container container, Path podDir) throws java.io.IOException {
        Map<String, Path> mounts = new HashMap<>();
        for (var volume : job.getSpec().getTemplate().getSpec().getVolumes()) {
            if (volume.getSecret() == null) {
                continue;
            }
            Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
            if (secret == null) {
                throw new IllegalStateException("FailedMount: secret " + volume.getSecret().getSecretName() + " not found");
            }
            Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(volume.getName()));
            for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
                Files.write(dir.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
            }
            container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                    .forEach(m -> mounts.put(m.getMountPath(), dir));
        }
        return mounts;
    }

    private Map<String, String> resolveEnv(Container container, FakeJobController.PodControl pod) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
                    throw new IllegalStateException("CreateContainerConfigError: secret " + ref.getName() + " has no key "
                            + ref.getKey());
                }
                env.put(var.getName(), new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                        StandardCharsets.UTF_8));
            } else if (var.getValueFrom().getFieldRef() != null) {
                String path = var.getValueFrom().getFieldRef().getFieldPath();
                env.put(var.getName(), switch (path) {
                    case "metadata.name" -> pod.podName();
                    case "metadata.namespace" -> namespace;
                    case "status.podIP" -> "127.0.0.1";
                    default -> throw new IllegalStateException("unsupported fieldRef " + path);
                });
            } else {
                throw new IllegalStateException("unsupported valueFrom in env " + var.getName());
            }
        }
        return env;
    }
}
