package io.syncmaster.worker.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Plays kube-controller-manager and the kubelet for the tests: for every Job it creates one Pod, runs a
 * {@link PodBehavior} for it (a scripted outcome, or the real job-runner), and writes Pod and Job status the way
 * Kubernetes does (phase, container state with the termination message, Job conditions Complete/Failed, the
 * Job's activeDeadlineSeconds). It also does the garbage collector's part: a Job whose owner TransferRun is gone
 * is deleted, and so is a Pod whose Job is gone (its behavior is interrupted).
 */
public final class FakeJobController implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final Function<Job, PodBehavior> behaviors;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "fake-job-controller"));
    private final ExecutorService pods = Executors.newCachedThreadPool(r -> thread(r, "fake-kubelet"));
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> started = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final List<String> jobsSeen = new CopyOnWriteArrayList<>();

    public FakeJobController(KubernetesClient client, String namespace, Function<Job, PodBehavior> behaviors) {
        this.client = client;
        this.namespace = namespace;
        this.behaviors = behaviors;
        loop.scheduleWithFixedDelay(this::safeTick, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Names of every Job this controller started a pod for, in order (duplicates would mean a double run). */
    public List<String> jobsSeen() {
        return List.copyOf(jobsSeen);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The API server may be closing at the end of a test; the next tick retries.
        }
    }

    private void tick() {
        Map<String, TransferRun> runs = client.resources(TransferRun.class).inNamespace(namespace).list().getItems().stream()
                .collect(Collectors.toMap(r -> r.getMetadata().getUid(), r -> r, (a, b) -> a));
        List<Job> jobs = client.batch().v1().jobs().inNamespace(namespace).list().getItems();
        Set<String> jobNames = jobs.stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
        for (Job job : jobs) {
            OwnerReference owner = job.getMetadata().getOwnerReferences() == null || job.getMetadata().getOwnerReferences().isEmpty()
                    ? null : job.getMetadata().getOwnerReferences().get(0);
            if (owner != null && !runs.containsKey(owner.getUid())) {
                client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).delete();
                continue;
            }
            String name = job.getMetadata().getName();
            if (!running.containsKey(name) && !finished.contains(name)) {
                startPod(job);
            }
            enforceDeadline(job);
        }
        // Garbage collection of Secrets owned by a TransferRun that is gone (run spec Secrets).
        for (var secret : client.secrets().inNamespace(namespace).list().getItems()) {
            List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
            if (owners != null && !owners.isEmpty() && "TransferRun".equals(owners.get(0).getKind())
                    && !runs.containsKey(owners.get(0).getUid())) {
                client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).delete();
            }
        }
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            String jobName = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("job-name");
            if (jobName != null && !jobNames.contains(jobName)) {
                Future<?> f = running.remove(jobName);
                if (f != null) {
                    f.cancel(true);
                }
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
            }
        }
    }

    private void startPod(Job job) {
        String jobName = job.getMetadata().getName();
        jobsSeen.add(jobName);
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("job-name", jobName);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(jobName + "-" + Long.toHexString(System.nanoTime() & 0xfffff))
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withCreationTimestamp(Instant.now().toString())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        // No status on create: the API server would drop it. The behavior reports status, as the kubelet does.
        Pod created = client.pods().resource(pod).create();
        started.put(jobName, Instant.now());
        setJobStatus(jobName, new JobStatusBuilder().withActive(1).withStartTime(Instant.now().toString()).build());
        PodControl control = new PodControl(created.getMetadata().getName(), jobName);
        Optional<String> missing = missingSecret(job);
        // As the kubelet: a pod whose Secret volume cannot be mounted never starts its container.
        PodBehavior behavior = missing.isEmpty() ? behaviors.apply(job) : (j, p) -> p.waiting("ContainerCreating",
                "MountVolume.SetUp failed for volume: secret \"" + missing.get() + "\" not found");
        running.put(jobName, pods.submit(() -> {
            try {
                behavior.run(job, control);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                control.fail(1, "Error", "fake kubelet: " + e);
            }
        }));
    }

    private Optional<String> missingSecret(Job job) {
        return job.getSpec().getTemplate().getSpec().getVolumes() == null ? Optional.empty()
                : job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional()))
                .map(v -> v.getSecret().getSecretName())
                .filter(name -> client.secrets().inNamespace(namespace).withName(name).get() == null)
                .findFirst();
    }

    private void enforceDeadline(Job job) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        String name = job.getMetadata().getName();
        Instant start = started.get(name);
        if (deadline == null || start == null || finished.contains(name)) {
            return;
        }
        if (Instant.now().isAfter(start.plusSeconds(deadline))) {
            Future<?> f = running.remove(name);
            if (f != null) {
                f.cancel(true);
            }
            finished.add(name);
            setJobStatus(name, new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                    .withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                    .withMessage("Job was active longer than specified deadline").build()).build());
        }
    }

    private void setJobStatus(String jobName, JobStatus status) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(jobName).editStatus(j -> {
                j.setStatus(status);
                return j;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** What a behavior may do to its pod, like a kubelet reporting container states. */
    public final class PodControl {
        private final String podName;
        private final String jobName;

        PodControl(String podName, String jobName) {
            this.podName = podName;
            this.jobName = jobName;
        }

        public String podName() {
            return podName;
        }

        /** The container cannot start: {@code reason} is e.g. ErrImagePull or ImagePullBackOff. */
        public void waiting(String reason, String message) {
            setPod("Pending", new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build(), null);
        }

        /** The pod cannot be scheduled. */
        public void unschedulable(String message) {
            editPod(p -> {
                p.setStatus(new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage(message).endCondition().build());
                return p;
            });
        }

        public void running() {
            setPod("Running", new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().build(), null);
        }

        public void succeed() {
            succeed(null);
        }

        /** The container exited 0; {@code terminationMessage} (null: none) is what the job-runner wrote to /dev/termination-log. */
        public void succeed(String terminationMessage) {
            setPod("Succeeded", new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                    .withMessage(terminationMessage).withFinishedAt(Instant.now().toString()).endTerminated().build(), null);
            finished.add(jobName);
            running.remove(jobName);
            setJobStatus(jobName, new JobStatusBuilder().withSucceeded(1).withCompletionTime(Instant.now().toString())
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        }

        /** The container exited non-zero; {@code terminationMessage} is what the job-runner wrote to /dev/termination-log. */
        public void fail(int exitCode, String reason, String terminationMessage) {
            setPod("Failed", new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(reason)
                    .withMessage(terminationMessage).withFinishedAt(Instant.now().toString()).endTerminated().build(), null);
            finished.add(jobName);
            running.remove(jobName);
            setJobStatus(jobName, new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                    .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit").build()).build());
        }

        private void setPod(String phase, ContainerState state, String message) {
            ContainerStatus cs = new ContainerStatusBuilder().withName("job-runner").withState(state).withReady("Running".equals(phase))
                    .withRestartCount(0).withImage("job-runner").withImageID("").build();
            editPod(p -> {
                p.setStatus(new PodStatusBuilder().withPhase(phase).withMessage(message).withContainerStatuses(cs)
                        .withPodIP("127.0.0.1").build());
                return p;
            });
        }

        private void editPod(UnaryOperator<Pod> edit) {
            try {
                client.pods().inNamespace(namespace).withName(podName).editStatus(edit);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** A scripted pod: called on its own thread; interrupted when its Job or TransferRun is deleted. */
    @FunctionalInterface
    public interface PodBehavior {
        void run(Job job, PodControl pod) throws Exception;

        static PodBehavior succeedAfter(long millis) {
            return (job, pod) -> {
                pod.running();
                Thread.sleep(millis);
                pod.succeed();
            };
        }

        /** Runs {@code millis}, then succeeds leaving {@code terminationMessage} (the job-runner's summary line). */
        static PodBehavior succeedAfter(long millis, String terminationMessage) {
            return (job, pod) -> {
                pod.running();
                Thread.sleep(millis);
                pod.succeed(terminationMessage);
            };
        }

        static PodBehavior failAfter(long millis, String terminationMessage) {
            return (job, pod) -> {
                pod.running();
                Thread.sleep(millis);
                pod.fail(1, "Error", terminationMessage);
            };
        }

        /** Runs until {@code release} opens, then succeeds (lets a test act while the run is Running). */
        static PodBehavior succeedWhenReleased(CountDownLatch release) {
            return (job, pod) -> {
                pod.running();
                release.await();
                pod.succeed();
            };
        }

        static PodBehavior imagePullBackOff() {
            return (job, pod) -> pod.waiting("ImagePullBackOff", "Back-off pulling image \"" + job.getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getImage() + "\"");
        }

        static PodBehavior runForever() {
            return (job, pod) -> {
                pod.running();
                Thread.sleep(Long.MAX_VALUE);
            };
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        pods.shutdownNow();
    }
}
