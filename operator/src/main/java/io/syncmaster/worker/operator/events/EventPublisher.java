package io.syncmaster.worker.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncmaster.worker.operator.kube.ApiTimes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (events.k8s.io/v1) on TransferRuns and SyncWorkerQueues, so that
 * {@code kubectl describe} shows every transition and failure. Publishing is best effort: a failed Event never
 * fails a reconciliation. Every field obeys what kube-apiserver validates for new events.k8s.io/v1 Events:
 * {@code eventTime} a MicroTime, {@code reportingController} a qualified name, {@code reportingInstance},
 * {@code action} and {@code reason} at most 128 characters, {@code note} at most 1 kB (bytes, as Go counts).
 */
public final class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    /** The {@code reportingController} of every Event the operator records. */
    public static final String CONTROLLER = "syncmaster.io/operator";
    private static final int MAX_NOTE_BYTES = 1024;
    private static final int MAX_INSTANCE = 128;

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;

    /**
     * @param instance this replica (the pod name): {@code reportingInstance} is {@code syncmaster-operator-<instance>},
     *                 like the kubelet's {@code kubelet-<node>}
     */
    public EventPublisher(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        String text = "syncmaster-operator-" + instance;
        this.instance = text.length() > MAX_INSTANCE ? text.substring(0, MAX_INSTANCE) : text;
    }

    public void normal(HasMetadata regarding, EventReason reason, String note) {
        publish(regarding, "Normal", reason, note);
    }

    public void warning(HasMetadata regarding, EventReason reason, String note) {
        publish(regarding, "Warning", reason, note);
    }

    private void publish(HasMetadata regarding, String type, EventReason reason, String note) {
        String text = truncate(note == null ? reason.text() : note);
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(eventName(regarding.getMetadata().getName()))
                    .withNamespace(regarding.getMetadata().getNamespace())
                .endMetadata()
                .withType(type)
                .withReason(reason.text())
                .withAction(reason.action())
                .withNote(text)
                .withReportingController(CONTROLLER)
                .withReportingInstance(instance)
                .withEventTime(ApiTimes.microTimeOf(clock.instant()))
                .withRegarding(new ObjectReferenceBuilder()
                        .withApiVersion(regarding.getApiVersion())
                        .withKind(regarding.getKind())
                        .withName(regarding.getMetadata().getName())
                        .withNamespace(regarding.getMetadata().getNamespace())
                        .withUid(regarding.getMetadata().getUid())
                        .build())
                .build();
        try {
            client.events().v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("Could not record event {} on {}/{}: {}", reason.text(), regarding.getKind(),
                    regarding.getMetadata().getName(), e.getMessage());
        }
    }

    /** {@code <regarding>.<16 hex>}, kept within the 253 characters of a DNS-1123 subdomain. */
    static String eventName(String regarding) {
        String suffix = "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String prefix = regarding.length() + suffix.length() > 253 ? regarding.substring(0, 253 - suffix.length()) : regarding;
        return prefix.replaceAll("[.-]+$", "") + suffix;
    }

    /** Cuts a note to at most 1 kB of UTF-8, ending with "…" when cut, never inside a character. */
    static String truncate(String note) {
        if (note.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTE_BYTES) {
            return note;
        }
        int budget = MAX_NOTE_BYTES - "…".getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < note.length(); ) {
            int cp = note.codePointAt(i);
            int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + bytes > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        return out.append('…').toString();
    }
}
