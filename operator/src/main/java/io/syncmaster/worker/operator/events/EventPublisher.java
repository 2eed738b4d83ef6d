package io.syncmaster.worker.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (events.k8s.io/v1) on TransferRuns and SyncWorkerQueues, so that
 * {@code kubectl describe} shows every transition and failure. Publishing is best effort: a failed Event never
 * fails a reconciliation.
 */
public final class EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final int MAX_NOTE = 1024;

    private final KubernetesClient client;
    private final Clock clock;
    private final String controllerName;

    public EventPublisher(KubernetesClient client, Clock clock, String controllerName) {
        this.client = client;
        this.clock = clock;
        this.controllerName = controllerName;
    }

    public void normal(HasMetadata regarding, EventReason reason, String note) {
        publish(regarding, "Normal", reason, note);
    }

    public void warning(HasMetadata regarding, EventReason reason, String note) {
        publish(regarding, "Warning", reason, note);
    }

    private void publish(HasMetadata regarding, String type, EventReason reason, String note) {
        String text = note == null ? reason.name() : note;
        if (text.length() > MAX_NOTE) {
            text = text.substring(0, MAX_NOTE - 1) + "…";
        }
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(regarding.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                    .withNamespace(regarding.getMetadata().getNamespace())
                .endMetadata()
                .withType(type)
                .withReason(reason.text())
                .withAction(reason.action())
                .withNote(text)
                .withReportingController(controllerName)
                .withReportingInstance(controllerName)
                .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(clock.instant())))
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
}
