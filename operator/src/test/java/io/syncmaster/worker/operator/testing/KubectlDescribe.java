package io.syncmaster.worker.operator.testing;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncmaster.worker.operator.crd.TransferRun;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Status}, {@code Conditions} and {@code Events} sections of {@code kubectl describe transferrun}, read the
 * way kubectl reads them: Events are those whose {@code regarding} (core/v1 {@code involvedObject}) has the run's
 * uid, oldest first; {@code From} is {@code reportingController, reportingInstance}. Ages are left out so tests can
 * compare text.
 */
public final class KubectlDescribe {
    private KubectlDescribe() {
    }

    /** The Events kube-apiserver stored for {@code run}, oldest first. */
    public static List<Event> events(KubernetesClient client, TransferRun run) {
        return client.events().v1().events().inNamespace(run.getMetadata().getNamespace()).list().getItems().stream()
                .filter(e -> e.getRegarding() != null && run.getMetadata().getUid().equals(e.getRegarding().getUid()))
                .sorted(Comparator.comparing((Event e) -> e.getEventTime().getTime()))
                .toList();
    }

    /** The text of the three sections. */
    public static String transferRun(KubernetesClient client, TransferRun run) {
        StringBuilder out = new StringBuilder();
        out.append("Name:         ").append(run.getMetadata().getName()).append('\n');
        out.append("Namespace:    ").append(run.getMetadata().getNamespace()).append('\n');
        out.append("Status:\n");
        out.append("  Phase:      ").append(run.getStatus().getPhase().displayName()).append('\n');
        out.append("  Reason:     ").append(run.getStatus().getReason()).append('\n');
        out.append("  Message:    ").append(run.getStatus().getMessage()).append('\n');
        out.append("Conditions:\n");
        out.append(row("  Type", "Status", "Reason", "Message"));
        out.append(row("  ----", "------", "------", "-------"));
        for (Condition c : run.getStatus().getConditions()) {
            out.append(row("  " + c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        }
        out.append("Events:\n");
        out.append(row("  Type", "Reason", "From", "Message"));
        out.append(row("  ----", "------", "----", "-------"));
        for (Event e : events(client, run)) {
            out.append(row("  " + e.getType(), e.getReason(), e.getReportingController() + ", " + e.getReportingInstance(), e.getNote()));
        }
        return out.toString();
    }

    private static String row(String a, String b, String c, String d) {
        return String.format("%-16s %-20s %-44s %s%n", a, b, c, d);
    }
}
