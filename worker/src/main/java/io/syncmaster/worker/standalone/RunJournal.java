package io.syncmaster.worker.standalone;

import io.syncmaster.worker.db.RunStatus;
import io.syncmaster.worker.lifecycle.ClaimIntents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's on-disk record of the runs it owns, so that a worker killed with SIGKILL (or a crashed host that comes
 * back) can finish them at its next start instead of leaving them STARTED forever, as upstream does.
 *
 * <p>One small properties file per run under {@code <state dir>/runs/}, written atomically: the claim time is recorded
 * <em>before</em> the claim UPDATE (intent first), the child's pid and start time as soon as it runs, the outcome
 * before the final row write. The claim time doubles as proof of ownership: the claim writes exactly that instant into
 * {@code run.started_at}, so {@link OrphanRecovery} touches a row only if it still carries this worker's claim.
 *
 * <p>One worker per state directory: an exclusive file lock is held while the journal is open (a second worker on
 * the same directory fails to start with a clear message). Thread-safe.
 */
public final class RunJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);
    private static final String SUFFIX = ".run";

    private final Path directory;
    private final Path runs;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunJournal(Path directory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.runs = directory.resolve("runs");
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the journal in {@code stateDirectory} and locks it.
     *
     * @throws IllegalStateException if another live process holds the lock
     */
    public static RunJournal open(Path stateDirectory) {
        Path directory = stateDirectory.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(directory.resolve("runs"));
            channel = FileChannel.open(directory.resolve("worker.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                throw new IllegalStateException("state directory " + directory + " is in use by another syncmaster-worker;"
                        + " give each worker its own --state-dir");
            }
            return new RunJournal(directory, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open the worker state directory " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The state directory. */
    public Path directory() {
        return directory;
    }

    /** Records the intent to claim {@code runId} at {@code claimTime} (before the claim UPDATE). */
    public void recordClaim(long runId, Instant claimTime, String slug, String taskId) {
        write(new Entry(runId, claimTime, slug, taskId, null, null, null));
    }

    /** Adds the child process to the run's entry. */
    public void recordProcess(long runId, long pid, Instant processStart) {
        find(runId).ifPresent(e -> write(new Entry(e.runId(), e.claimTime(), e.slug(), e.taskId(), pid, processStart,
                e.outcome())));
    }

    /** Records the outcome about to be written to the row, so a crash before the write does not change it. */
    public void recordOutcome(long runId, RunStatus outcome) {
        find(runId).ifPresent(e -> write(new Entry(e.runId(), e.claimTime(), e.slug(), e.taskId(), e.pid(),
                e.processStart(), outcome)));
    }

    /** Forgets the run: its row holds its final status, or it was never ours. */
    public void remove(long runId) {
        try {
            Files.deleteIfExists(file(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove journal entry of run " + runId, e);
        }
    }

    /** The entry of one run, if any. */
    public Optional<Entry> find(long runId) {
        return read(file(runId));
    }

    /** This journal as the claim-intent store of one delivery (its queue and task are journaled with the claim). */
    public ClaimIntents claimIntents(String slug, String taskId) {
        return new ClaimIntents() {
            @Override
            public Optional<Instant> previous(long runId) {
                return find(runId).map(Entry::claimTime);
            }

            @Override
            public void record(long runId, Instant claimTime) {
                recordClaim(runId, claimTime, slug, taskId);
            }
        };
    }

    /** Every entry (left over from a previous process when called at start-up). */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runs, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
        entries.sort(Comparator.comparingLong(Entry::runId));
        return entries;
    }

    private Path file(long runId) {
        return runs.resolve(runId + SUFFIX);
    }

    private synchronized void write(Entry entry) {
        Properties p = new Properties();
        p.setProperty("run_id", Long.toString(entry.runId()));
        p.setProperty("claim_time", entry.claimTime().toString());
        p.setProperty("slug", entry.slug());
        p.setProperty("task_id", entry.taskId());
        if (entry.pid() != null) {
            p.setProperty("pid", Long.toString(entry.pid()));
        }
        if (entry.processStart() != null) {
            p.setProperty("process_start", entry.processStart().toString());
        }
        if (entry.outcome() != null) {
            p.setProperty("outcome", entry.outcome().name());
        }
        Path target = file(entry.runId());
        try {
            Path partial = Files.createTempFile(runs, "run", ".partial");
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                p.store(out, "syncmaster-worker run journal");
                out.flush();
                // Durable before the claim it announces: a power loss must not lose the intent of a committed claim.
                channel.force(true);
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal entry of run " + entry.runId(), e);
        }
    }

    /** fsync of a directory, so a rename in it survives a crash (Linux allows opening a directory for reading). */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
        }
    }

    private static Optional<Entry> read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal entry " + file, e);
        }
        try {
            return Optional.of(new Entry(
                    Long.parseLong(p.getProperty("run_id")),
                    Instant.parse(p.getProperty("claim_time")),
                    p.getProperty("slug", ""),
                    p.getProperty("task_id", ""),
                    p.getProperty("pid") == null ? null : Long.valueOf(p.getProperty("pid")),
                    p.getProperty("process_start") == null ? null : Instant.parse(p.getProperty("process_start")),
                    p.getProperty("outcome") == null ? null : RunStatus.fromDatabase(p.getProperty("outcome"))));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            LOG.warn("Ignoring unreadable journal entry {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Releases the lock. Entries stay on disk. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing {}", directory, e);
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /**
     * One owned run.
     *
     * @param claimTime    the {@code started_at} this worker writes when claiming (microseconds, UTC)
     * @param pid          the child's process id, once started
     * @param processStart the child's start time as the OS reports it (guards against pid reuse)
     * @param outcome      the terminal status decided but maybe not yet written
     */
    public record Entry(long runId, Instant claimTime, String slug, String taskId, Long pid, Instant processStart,
                        RunStatus outcome) {
    }
}
