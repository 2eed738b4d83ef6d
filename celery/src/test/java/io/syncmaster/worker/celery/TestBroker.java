package io.syncmaster.worker.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest, vhost "/") as seen by one test: it hands out unique queue slugs
 * and deletes every queue and exchange it handed out when closed, also after a failed test. Other developers use the
 * same broker, so nothing else is touched.
 */
final class TestBroker implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    /** The same broker as a kombu URL, for the Python Celery client. */
    static final String KOMBU_URL = "amqp://guest:guest@127.0.0.1:5672//";

    private final Connection admin;
    private final Channel publisher;
    private final List<String> slugs = new ArrayList<>();

    private TestBroker(Connection admin) throws IOException {
        this.admin = admin;
        this.publisher = admin.createChannel();
        this.publisher.confirmSelect();
    }

    static TestBroker connect() throws IOException, TimeoutException {
        return new TestBroker(factory(PORT).newConnection("syncmaster-worker test admin"));
    }

    /** A plain factory for the broker, or for a proxy in front of it. */
    static ConnectionFactory factory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(port);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setVirtualHost("/");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(2000);
        factory.setHandshakeTimeout(2000);
        return factory;
    }

    /** A fresh slug shaped like SyncMaster's (`{group_id}-{name}`), cleaned up by {@link #close()}. */
    String newSlug(String purpose) {
        String slug = "9999-test_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        slugs.add(slug);
        return slug;
    }

    /** Publishes to a queue through the default exchange, as Celery does, and waits for the broker's confirm. */
    synchronized void publish(String queue, AMQP.BasicProperties props, byte[] body) throws IOException {
        publisher.basicPublish("", queue, props, body);
        try {
            publisher.waitForConfirmsOrDie(5000);
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("publish to '" + queue + "' not confirmed", e);
        }
    }

    /** Messages ready for delivery (not counting those delivered and unacknowledged). */
    long readyCount(String queue) throws IOException {
        return passive(queue).getMessageCount();
    }

    long consumerCount(String queue) throws IOException {
        return passive(queue).getConsumerCount();
    }

    boolean queueExists(String queue) throws IOException {
        try {
            passive(queue);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private AMQP.Queue.DeclareOk passive(String queue) throws IOException {
        Channel channel = admin.createChannel();
        try {
            return channel.queueDeclarePassive(queue);
        } finally {
            closeQuietly(channel);
        }
    }

    /** Removes and returns every ready message of {@code queue}, in order. */
    List<GetResponse> drain(String queue) throws IOException {
        List<GetResponse> messages = new ArrayList<>();
        Channel channel = admin.createChannel();
        try {
            for (GetResponse message = channel.basicGet(queue, true); message != null; message = channel.basicGet(queue, true)) {
                messages.add(message);
            }
        } finally {
            closeQuietly(channel);
        }
        return messages;
    }

    /** A new channel on the admin connection, closed by the caller. */
    Channel channel() throws IOException {
        return admin.createChannel();
    }

    @Override
    public void close() throws IOException {
        try {
            for (String slug : slugs) {
                Channel channel = admin.createChannel();
                channel.queueDelete(slug);
                channel.queueDelete(CeleryTopology.parkingQueueName(slug));
                channel.exchangeDelete(slug);
                closeQuietly(channel);
            }
        } finally {
            admin.abort();
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException ignored) {
            // the channel may already be closed by a failed passive declare
        }
    }
}
