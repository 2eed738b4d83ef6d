package io.syncmaster.worker.standalone;

import com.rabbitmq.client.ConnectionFactory;
import io.syncmaster.worker.celery.AmqpConnections;
import io.syncmaster.worker.celery.BackoffPolicy;
import io.syncmaster.worker.celery.CeleryQueueConsumer;
import io.syncmaster.worker.celery.QueueListener;
import io.syncmaster.worker.config.Settings;
import io.syncmaster.worker.db.DatabaseException;
import io.syncmaster.worker.db.RunRepository;
import io.syncmaster.worker.db.SyncMasterDatabase;
import io.syncmaster.worker.db.TransferRepository;
import io.syncmaster.worker.runspec.RunPreparation;
import io.syncmaster.worker.runspec.RunSpecFactory;
import io.syncmaster.worker.template.LogUrlTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SyncMaster's worker without Kubernetes: consumes the given queues with the operator's consumer and decoder, and
 * executes each run in a fresh job-runner JVM ({@link RunSupervisor}), at most {@code concurrency} at once, acting on
 * stop requests ({@link StopSignalPoller}) and finishing, at start-up, the runs an abruptly ended previous process
 * left behind ({@link OrphanRecovery}).
 *
 * <p>{@link #close()} is the SIGTERM path: stop consuming (unacknowledged messages go back to RabbitMQ), let running
 * runs finish for the grace period, then stop the rest and mark them STOPPED. Upstream's Celery worker, by contrast,
 * leaves a run interrupted by a shutdown STARTED forever.
 */
public final class StandaloneWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneWorker.class);
    private static final Duration RECOVERY_PATIENCE = Duration.ofMinutes(2);
    /** Extra time after the kill grace for the children's final statuses to be written at shutdown. */
    private static final Duration FINAL_WRITE_PATIENCE = Duration.ofSeconds(15);

    private final WorkerOptions options;
    private final SyncMasterDatabase database;
    private final RunJournal journal;
    private final RunSupervisor supervisor;
    private final StopSignalPoller poller;
    private final List<CeleryQueueConsumer> consumers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneWorker(WorkerOptions options, SyncMasterDatabase database, RunJournal journal,
                             RunSupervisor supervisor, StopSignalPoller poller, List<CeleryQueueConsumer> consumers) {
        this.options = options;
        this.database = database;
        this.journal = journal;
        this.supervisor = supervisor;
        this.poller = poller;
        this.consumers = consumers;
    }

    /**
     * Recovers left-over runs, then starts consuming. Returns once the consumers are started (they connect in the
     * background, retrying while the broker is down).
     *
     * @param settings SyncMaster's settings (database, broker, encryption, worker sections)
     * @param launcher starts a run's child (production: {@link JobRunnerInstallation})
     * @param listener progress observer
     * @throws IllegalStateException if the state directory is used by another worker, or the database stays
     *                               unreachable during the start-up recovery
     */
    public static StandaloneWorker start(Settings settings, WorkerOptions options, ChildLauncher launcher,
                                         RunListener listener, Clock clock) {
        LogUrlTemplate logUrl = new LogUrlTemplate(settings.worker().logUrlTemplate());
        ConnectionFactory amqp = AmqpConnections.factoryFor(settings.broker().address());
        SyncMasterDatabase database = SyncMasterDatabase.open(settings.database().jdbc(), "syncmaster-worker",
                options.concurrency() + 3);
        RunJournal journal = null;
        try {
            journal = RunJournal.open(options.stateDir());
            RunRepository runs = new RunRepository(database.dataSource(), clock);
            recoverWithRetries(new OrphanRecovery(journal, runs, listener));
            RunPreparation preparation = new RunPreparation(
                    new TransferRepository(database.dataSource(), settings.encryption().cipher()),
                    new RunSpecFactory(settings.worker(), settings::hwmStore));
            RunSupervisor supervisor = new RunSupervisor(database.dataSource(), logUrl, preparation, launcher, journal,
                    new WorkerSlots(options.concurrency()), listener, clock,
                    options.stateDir().resolve("termination-logs"), options.slotWait(), options.killGrace());
            StopSignalPoller poller = new StopSignalPoller(supervisor, runs).start(options.pollInterval());
            List<CeleryQueueConsumer> consumers = new ArrayList<>();
            for (String slug : options.queues()) {
                // prefetch 1: with every slot busy, the consumer blocks in the handler and RabbitMQ keeps the rest
                CeleryQueueConsumer consumer = new CeleryQueueConsumer(amqp, slug, 1, supervisor, QueueListener.none(),
                        BackoffPolicy.defaults());
                consumers.add(consumer);
                consumer.start();
            }
            LOG.info("syncmaster-worker consuming {} with concurrency {} (state in {})", options.queues(),
                    options.concurrency(), journal.directory());
            return new StandaloneWorker(options, database, journal, supervisor, poller, consumers);
        } catch (IOException e) {
            closeQuietly(journal, database);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(journal, database);
            throw e;
        }
    }

    private static void recoverWithRetries(OrphanRecovery recovery) {
        Instant giveUp = Instant.now().plus(RECOVERY_PATIENCE);
        BackoffPolicy backoff = BackoffPolicy.defaults();
        for (int attempt = 1; ; attempt++) {
            try {
                List<Long> recovered = recovery.recover();
                if (!recovered.isEmpty()) {
                    LOG.warn("Finished {} run(s) left behind by this worker's previous process: {}", recovered.size(),
                            recovered);
                }
                return;
            } catch (DatabaseException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("the database stayed unreachable for "
                            + RECOVERY_PATIENCE.toSeconds() + " s during start-up recovery: " + e.getMessage(), e);
                }
                Duration delay = backoff.delay(attempt);
                LOG.warn("Start-up recovery cannot reach the database (attempt {}): {}; retrying in {} ms", attempt,
                        e.getMessage(), delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during start-up recovery", interrupted);
                }
            }
        }
    }

    /** The run executor (tests and the demo look at it). */
    public RunSupervisor supervisor() {
        return supervisor;
    }

    /** True when every queue's consumer is connected and consuming. */
    public boolean isConsuming() {
        return consumers.stream().allMatch(CeleryQueueConsumer::isConnected);
    }

    /** Graceful shutdown with the configured grace period (the SIGTERM path). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            LOG.info("Shutting down: no new runs; waiting up to {} s for {} running run(s)",
                    options.gracePeriod().toSeconds(), supervisor.activeCount());
            supervisor.stopAccepting();
            CompletableFuture.allOf(consumers.stream()
                    .map(c -> CompletableFuture.runAsync(() -> c.close(CeleryQueueConsumer.DEFAULT_CLOSE_GRACE)))
                    .toArray(CompletableFuture[]::new)).join();
            if (!supervisor.awaitIdle(options.gracePeriod())) {
                LOG.warn("Grace period over: stopping {} run(s); they end STOPPED", supervisor.activeCount());
                supervisor.stopAll("the worker shut down and the grace period of " + options.gracePeriod().toSeconds()
                        + " s ran out");
            }
            Duration patience = options.killGrace().plus(FINAL_WRITE_PATIENCE);
            supervisor.limitRetriesUntil(Instant.now().plus(patience));
            if (!supervisor.awaitIdle(patience.plusSeconds(2))) {
                LOG.error("{} run(s) could not be settled before exit; the next start of this worker settles them",
                        supervisor.activeCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            poller.close();
            supervisor.close();
            closeQuietly(journal, database);
            LOG.info("syncmaster-worker stopped");
        }
    }

    private static void closeQuietly(RunJournal journal, SyncMasterDatabase database) {
        if (journal != null) {
            journal.close();
        }
        database.close();
    }
}
