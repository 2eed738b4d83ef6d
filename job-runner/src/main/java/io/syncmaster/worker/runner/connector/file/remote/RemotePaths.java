package io.syncmaster.worker.runner.connector.file.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * Remote paths are plain strings, absolute and '/'-separated on every protocol (SyncMaster stores
 * {@code directory_path} that way); this class is the one place that splits and joins them.
 */
public final class RemotePaths {
    private RemotePaths() {
    }

    /** {@code path} made absolute, with duplicate and trailing slashes removed and {@code .} segments dropped. */
    public static String normalize(String path) {
        List<String> segments = segments(path);
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    /** The non-empty segments of {@code path}; {@code ..} is rejected (a transfer must not escape its directory). */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("remote path must not contain '..': " + path);
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    public static String join(String directory, String name) {
        return normalize(directory + "/" + name);
    }

    /** The parent directory; "/" for a top-level entry and for "/" itself. */
    public static String parent(String path) {
        List<String> segments = segments(path);
        return segments.size() <= 1 ? "/" : "/" + String.join("/", segments.subList(0, segments.size() - 1));
    }

    /** The last segment; "" for "/". */
    public static String name(String path) {
        List<String> segments = segments(path);
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    /** {@code path} relative to {@code directory} ('/'-separated, no leading slash); {@code path} must be inside it. */
    public static String relativize(String directory, String path) {
        String dir = normalize(directory);
        String full = normalize(path);
        String prefix = dir.equals("/") ? "/" : dir + "/";
        if (!full.startsWith(prefix)) {
            throw new IllegalArgumentException(full + " is not inside " + dir);
        }
        return full.substring(prefix.length());
    }
}
