package io.syncmaster.worker.runner.strategy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmaster.worker.runner.connector.FileEntry;
import io.syncmaster.worker.runner.connector.FileSource;
import io.syncmaster.worker.runner.connector.ReadScope;
import io.syncmaster.worker.runner.connector.RunEnvironment;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.WriteMode;
import io.syncmaster.worker.runner.connector.WriteResult;
import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.hwm.Hwm;
import io.syncmaster.worker.runner.hwm.HwmStore;
import io.syncmaster.worker.runner.hwm.HwmType;
import io.syncmaster.worker.runner.hwm.HwmValue;
import io.syncmaster.worker.runner.transfer.TransferStrategy;
import io.syncmaster.worker.runner.transform.Transformations;

/**
 * Strategy incremental on a file source (onETL FileDownloader with FileListHWM or FileModifiedTimeHWM): list the
 * directory (metadata filters applied), keep the files not yet read — not in the stored file list
 * ({@code file_name}), or modified after the stored time ({@code file_modified_since}) — read only those and append
 * them (replace on a first run). Unlike upstream, which saves a file HWM right after the download, so that a failed
 * write loses those files forever, the HWM is saved only after the target write committed.
 */
public final class FileIncrementalStrategy implements TransferStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(FileIncrementalStrategy.class);

    /** {@code increment_by} of a file source. */
    public enum By {
        FILE_NAME(HwmType.FILE_LIST), FILE_MODIFIED_SINCE(HwmType.FILE_MODIFICATION_TIME);

        private final HwmType type;

        By(HwmType type) {
            this.type = type;
        }
    }

    private final HwmStore store;
    private final HwmIdentity identity;
    private final By by;
    private Hwm pending;

    public FileIncrementalStrategy(HwmStore store, HwmIdentity identity, By by) {
        this.store = store;
        this.identity = identity;
        this.by = by;
    }

    @Override
    public Decision begin(RunEnvironment env, Source source, Transformations transformations) {
        if (!(source instanceof FileSource files)) {
            throw new RunFailure(FailureSide.SETUP, "strategy incremental by " + by.name().toLowerCase(Locale.ROOT)
                    + " needs a file source, not " + source.describe());
        }
        String name = identity.name();
        Optional<Hwm> stored = HwmCalls.call("read HWM '" + name + "'", () -> store.get(name));
        stored.filter(Hwm::hasValue).ifPresent(this::check);
        Hwm current = stored.filter(Hwm::hasValue)
                .orElseGet(() -> Hwm.unset(name, by.type, identity.entity(), null).reset());
        HwmCalls.run("write HWM '" + name + "' (checked before reading)", () -> store.save(current));

        List<FileEntry> listed = files.list(env, transformations);
        List<FileEntry> chosen = listed.stream().filter(file -> isNew(current, file))
                .sorted(Comparator.comparing(FileEntry::path)).toList();
        WriteMode mode = current.hasValue() ? WriteMode.APPEND : WriteMode.REPLACE;
        LOG.info("Incremental by {}: {} file(s) listed, {} new since HWM '{}'", by, listed.size(), chosen.size(), name);
        if (chosen.isEmpty()) {
            pending = null;
            return new Decision(new ReadScope.NoRows(), mode);
        }
        pending = current.withValue(advance(current, chosen));
        return new Decision(new ReadScope.Files(chosen), mode);
    }

    @Override
    public void succeeded(RunEnvironment env, WriteResult result) {
        if (pending == null) {
            return;
        }
        HwmCalls.saveAfterWrite(store, pending, result.rowsWritten() + " row(s) from new files", "these files");
        LOG.info("HWM '{}' saved", pending.name());
    }

    private boolean isNew(Hwm current, FileEntry file) {
        if (!current.hasValue()) {
            return true;
        }
        HwmValue value = current.value().orElseThrow();
        if (value instanceof HwmValue.FileList list) {
            return !list.paths().contains(file.path());
        }
        Instant since = ((HwmValue.FileModificationTime) value).value().toInstant();
        return micros(file.modified()).isAfter(since);
    }

    private HwmValue advance(Hwm current, List<FileEntry> chosen) {
        if (by == By.FILE_NAME) {
            Set<String> paths = new TreeSet<>();
            current.value().ifPresent(v -> paths.addAll(((HwmValue.FileList) v).paths()));
            chosen.forEach(file -> paths.add(file.path()));
            return new HwmValue.FileList(paths);
        }
        Instant newest = chosen.stream().map(FileEntry::modified).map(FileIncrementalStrategy::micros)
                .max(Comparator.naturalOrder()).orElseThrow();
        return new HwmValue.FileModificationTime(newest.atOffset(ZoneOffset.UTC));
    }

    /** Upstream keeps microseconds (an st_mtime float); comparing at that precision avoids re-reading a file forever. */
    private static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private void check(Hwm stored) {
        if (stored.type() != by.type) {
            throw new RunFailure(FailureSide.SETUP, "HWM '" + stored.name() + "' in the HWM store is " + stored.type().typeName()
                    + ", but increment_by " + by.name().toLowerCase(Locale.ROOT) + " needs " + by.type.typeName()
                    + ". Run the transfer once with strategy full (it resets the HWM) before switching back to incremental");
        }
        if (stored.entity() != null && !Objects.equals(stored.entity(), identity.entity())) {
            throw new RunFailure(FailureSide.SETUP, "HWM '" + stored.name() + "' in the HWM store belongs to directory '"
                    + stored.entity() + "', not to '" + identity.entity() + "'. Run the transfer once with strategy full to reset it");
        }
    }
}
