package io.syncmaster.worker.celery;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The broker objects a SyncMaster queue needs, declared exactly as Celery declares them (contract §2.5.1).
 *
 * <p>It exists because RabbitMQ refuses an inequivalent redeclaration with {@code 406 PRECONDITION_FAILED}: if the
 * worker declared the queue with any other property or argument, every later publish by the SyncMaster server would
 * fail and leave runs stuck in {@code CREATED}. Hence a durable {@code direct} exchange named like the slug, a durable
 * classic queue named like the slug with no arguments, bound with the slug as routing key — and nothing else.
 */
public final class CeleryTopology {

    /** Suffix of the durable queue holding messages that cannot be executed. */
    public static final String PARKING_SUFFIX = ".invalid";
    /** RabbitMQ's limit on queue and exchange names, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private CeleryTopology() {
    }

    /**
     * Declares Celery's exchange, queue and binding for {@code slug}. Idempotent, and equivalent to Celery's own
     * declaration, so it may run before or after the server's first publish.
     */
    public static void declareTaskQueue(Channel channel, String slug) throws IOException {
        requireValidName(slug, "queue slug");
        channel.exchangeDeclare(slug, BuiltinExchangeType.DIRECT, true, false, false, null);
        channel.queueDeclare(slug, true, false, false, null);
        channel.queueBind(slug, slug, slug, null);
    }

    /** The parking queue of {@code slug}: {@code slug + ".invalid"}. */
    public static String parkingQueueName(String slug) {
        requireValidName(slug, "queue slug");
        String name = slug + PARKING_SUFFIX;
        requireValidName(name, "parking queue name");
        return name;
    }

    /**
     * Declares the durable parking queue (no arguments, so anyone may redeclare it the same way). Messages reach it
     * through the default exchange; nothing consumes it: operators inspect and replay or purge it by hand.
     */
    public static void declareParkingQueue(Channel channel, String slug) throws IOException {
        channel.queueDeclare(parkingQueueName(slug), true, false, false, null);
    }

    private static void requireValidName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes + " bytes long; RabbitMQ allows at most "
                    + MAX_NAME_BYTES);
        }
        if (name.startsWith("amq.")) {
            throw new IllegalArgumentException(what + " must not start with 'amq.' (reserved by RabbitMQ)");
        }
    }
}
