package io.syncmaster.worker.operator.job;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.syncmaster.worker.operator.crd.RunSummary;
import io.syncmaster.worker.operator.run.WorkloadState;
import io.syncmaster.worker.text.StatusText;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reduces a run's Job and Pods to a {@link WorkloadState}: the observe step of the TransferRun reconciler.
 * Pure: works on objects already read from the informer caches.
 */
public final class WorkloadObserver {
    /** Longest message kept from a pod (termination messages can be 4 KiB of log tail). */
    static final int MAX_MESSAGE = 1024;

    private WorkloadObserver() {
    }

    public static WorkloadState observe(Job job, Collection<Pod> pods) {
        WorkloadState state = observeWithoutSummary(job, pods);
        if (state.kind() != WorkloadState.Kind.SUCCEEDED && state.kind() != WorkloadState.Kind.FAILED) {
            return state;
        }
        Optional<String> raw = newest(pods).flatMap(WorkloadObserver::terminatedState).map(ContainerStateTerminated::getMessage);
        Optional<RunSummary> summary = raw.flatMap(SummaryLine::parse);
        return summary.map(state::withSummary).orElse(state);
    }

    private static WorkloadState observeWithoutSummary(Job job, Collection<Pod> pods) {
        if (job == null) {
            return WorkloadState.absent();
        }
        Optional<Pod> pod = newest(pods);
        String podName = pod.map(p -> p.getMetadata().getName()).orElse(null);
        Optional<ContainerStateTerminated> terminated = pod.flatMap(WorkloadObserver::terminatedState);

        Optional<JobCondition> complete = trueCondition(job, "Complete").or(() -> trueCondition(job, "SuccessCriteriaMet"));
        if (complete.isPresent()) {
            return WorkloadState.succeeded(podName);
        }
        Optional<JobCondition> failed = trueCondition(job, "Failed").or(() -> trueCondition(job, "FailureTarget"));
        if (failed.isPresent()) {
            // The container's own reason (Error, OOMKilled) is the most specific, except a Job deadline.
            String jobReason = failed.get().getReason();
            String reason = "DeadlineExceeded".equals(jobReason) ? jobReason
                    : terminated.map(ContainerStateTerminated::getReason).filter(r -> !r.isBlank()).orElse(jobReason);
            String message = terminated.map(ContainerStateTerminated::getMessage).map(SummaryLine::withoutSummary)
                    .filter(m -> !m.isBlank()).orElse(failed.get().getMessage());
            return WorkloadState.failed(reason, truncate(message), podName);
        }
        if (pod.isEmpty()) {
            return WorkloadState.starting(null, null, null);
        }
        Pod p = pod.get();
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return WorkloadState.succeeded(podName);
        }
        if ("Failed".equals(phase)) {
            String reason = terminated.map(ContainerStateTerminated::getReason)
                    .orElse(p.getStatus().getReason() == null ? "PodFailed" : p.getStatus().getReason());
            String message = terminated.map(t -> describe(t)).orElse(p.getStatus().getMessage());
            return WorkloadState.failed(reason, truncate(message), podName);
        }
        if ("Running".equals(phase)) {
            return WorkloadState.running(podName);
        }
        return startingState(p);
    }

    private static WorkloadState startingState(Pod p) {
        String name = p.getMetadata().getName();
        for (ContainerStatus cs : containerStatuses(p)) {
            ContainerState state = cs.getState();
            if (state != null && state.getWaiting() != null && state.getWaiting().getReason() != null) {
                return WorkloadState.starting(state.getWaiting().getReason(), truncate(state.getWaiting().getMessage()), name);
            }
        }
        if (p.getStatus() != null && p.getStatus().getConditions() != null) {
            for (PodCondition c : p.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                    return WorkloadState.starting(c.getReason() == null ? "Unschedulable" : c.getReason(), truncate(c.getMessage()), name);
                }
            }
        }
        return WorkloadState.starting(null, null, name);
    }

    private static String describe(ContainerStateTerminated t) {
        String message = SummaryLine.withoutSummary(t.getMessage());
        if (message != null) {
            return message;
        }
        return "the job-runner exited with code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
    }

    private static Optional<ContainerStateTerminated> terminatedState(Pod p) {
        return containerStatuses(p).stream()
                .filter(cs -> JobNames.CONTAINER.equals(cs.getName()) || containerStatuses(p).size() == 1)
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(ContainerState::getTerminated)
                .findFirst();
    }

    private static List<ContainerStatus> containerStatuses(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        return p.getStatus().getContainerStatuses();
    }

    private static Optional<JobCondition> trueCondition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static Optional<Pod> newest(Collection<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null || pods.size() == 1)
                .max(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                        .thenComparing(p -> p.getMetadata().getName()));
    }

    /** Redacted and bounded: a termination message may be a log tail ({@code FallbackToLogsOnError}) echoing a secret. */
    static String truncate(String message) {
        return StatusText.bounded(message, MAX_MESSAGE);
    }
}
