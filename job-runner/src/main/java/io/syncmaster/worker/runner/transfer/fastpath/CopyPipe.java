package io.syncmaster.worker.runner.transfer.fastpath;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOperation;
import org.postgresql.copy.CopyOut;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.connector.database.postgres.ByteSink;
import io.syncmaster.worker.runner.jdbc.JdbcEndpoint;
import io.syncmaster.worker.runner.jdbc.PostgresDialect;

/**
 * Streams {@code COPY (<select>) TO STDOUT (FORMAT binary)} on one PostgreSQL connection into
 * {@code COPY ... FROM STDIN (FORMAT binary)} on another, like {@code psql \copy | psql \copy}: a reader thread
 * drains the source into 256 KiB chunks while the calling thread pushes chunks to the target, so both databases
 * work at the same time. Rows are never decoded.
 *
 * <p>Both sessions use the JVM's time zone, so the casts of {@link BinaryCopySelect} (timestamptz → timestamp)
 * give the wall-clock time Spark's JDBC path would write; the text settings are kept for casts to text.
 */
final class CopyPipe {
    private static final int CHUNK = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final JdbcEndpoint source;
    private final JdbcEndpoint target;
    private final String zoneId;

    CopyPipe(JdbcEndpoint source, JdbcEndpoint target, String zoneId) {
        this.source = source;
        this.target = target;
        this.zoneId = zoneId;
    }

    /** Copies the rows of {@code select} (binary COPY) into the target with {@code copyInSql}; returns the rows written. */
    long copy(String select, String copyInSql) {
        try (Connection from = open(source, FailureSide.SOURCE, true); Connection to = open(target, FailureSide.TARGET, false)) {
            CopyIn in = startCopyIn(to, copyInSql);
            BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(8);
            AtomicBoolean writerFailed = new AtomicBoolean();
            AtomicReference<RuntimeException> readerError = new AtomicReference<>();
            Thread reader = new Thread(() -> drain(from, select, chunks, writerFailed, readerError), "copy-pipe-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                while (true) {
                    byte[] chunk = chunks.take();
                    if (chunk == END) {
                        break;
                    }
                    try {
                        in.writeToCopy(chunk, 0, chunk.length);
                    } catch (SQLException e) {
                        throw RunFailure.wrap(FailureSide.TARGET, "COPY into the target failed", e);
                    }
                }
                join(reader);
                if (readerError.get() != null) {
                    throw readerError.get();
                }
                try {
                    return in.endCopy();
                } catch (SQLException e) {
                    throw RunFailure.wrap(FailureSide.TARGET, "COPY into the target failed", e);
                }
            } catch (RuntimeException | InterruptedException e) {
                writerFailed.set(true);
                chunks.clear();
                join(reader);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new RunFailure(FailureSide.TARGET, "COPY interrupted");
                }
                throw (RuntimeException) e;
            } finally {
                cancelQuietly(in);
            }
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "closing the COPY connections failed", e);
        }
    }

    /** Reader thread: source rows into chunks; always ends the queue with {@link #END}. */
    private static void drain(Connection from, String select, BlockingQueue<byte[]> chunks, AtomicBoolean writerFailed,
            AtomicReference<RuntimeException> error) {
        CopyOut out = null;
        try {
            out = from.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)");
            ByteSink buffer = new ByteSink(CHUNK + 64 * 1024);
            byte[] row;
            while (!writerFailed.get() && (row = out.readFromCopy()) != null) {
                buffer.write(row, 0, row.length);
                if (buffer.size() >= CHUNK) {
                    if (!put(chunks, java.util.Arrays.copyOf(buffer.array(), buffer.size()), writerFailed)) {
                        break;
                    }
                    buffer.reset();
                }
            }
            if (!writerFailed.get() && buffer.size() > 0) {
                put(chunks, java.util.Arrays.copyOf(buffer.array(), buffer.size()), writerFailed);
            }
        } catch (SQLException e) {
            error.set(RunFailure.wrap(FailureSide.SOURCE, "COPY from the source failed", e));
        } catch (RuntimeException e) {
            error.set(e);
        } finally {
            cancelQuietly(out);
            put(chunks, END, writerFailed);
        }
    }

    /** Puts unless the writer gave up (then the queue is not drained any more). */
    private static boolean put(BlockingQueue<byte[]> chunks, byte[] chunk, AtomicBoolean writerFailed) {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (writerFailed.get()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Connection open(JdbcEndpoint endpoint, FailureSide side, boolean printing) {
        try {
            Connection connection = endpoint.open();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET DateStyle TO ISO, YMD");
                statement.execute("SET TimeZone TO " + PostgresDialect.INSTANCE.stringLiteral(zoneId));
                if (printing) {
                    statement.execute("SET IntervalStyle TO postgres");
                    statement.execute("SET extra_float_digits TO 3");
                    statement.execute("SET bytea_output TO hex");
                }
            }
            return connection;
        } catch (SQLException e) {
            throw RunFailure.wrap(side, "cannot connect to the " + side.label() + " database", e);
        }
    }

    private static CopyIn startCopyIn(Connection to, String copyInSql) {
        try {
            return to.unwrap(PGConnection.class).getCopyAPI().copyIn(copyInSql);
        } catch (SQLException e) {
            throw RunFailure.wrap(FailureSide.TARGET, "COPY into the target failed", e);
        }
    }

    private static void join(Thread reader) {
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cancelQuietly(CopyOperation copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is closed right after; cancelling is only a courtesy to the server
            }
        }
    }
}
