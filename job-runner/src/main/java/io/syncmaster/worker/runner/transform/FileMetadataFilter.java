package io.syncmaster.worker.runner.transform;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition of a {@code file_metadata_filter} (transfer-semantics §3.5), tested on every file a file source
 * lists, on every file connection type (upstream ignores them on S3 and HDFS). All conditions must hold.
 */
public sealed interface FileMetadataFilter {
    /** @param path the file's absolute path on its file system, e.g. {@code /data/in/a.csv}; @param size in bytes */
    boolean accepts(String path, long size);

    /** {@code name_glob}: Python's {@code PurePath.match}, so a pattern without '/' is tested on the file name. */
    record NameGlob(String value) implements FileMetadataFilter {
        @Override
        public boolean accepts(String path, long size) {
            String[] patternParts = value.split("/", -1);
            String[] pathParts = path.split("/", -1);
            boolean anchored = value.startsWith("/");
            if (anchored ? patternParts.length != pathParts.length : patternParts.length > pathParts.length) {
                return false;
            }
            for (int i = 1; i <= patternParts.length; i++) {
                if (!anchored || i < patternParts.length) {
                    String part = patternParts[patternParts.length - i];
                    if (!part.isEmpty() && !globPart(part).matcher(pathParts[pathParts.length - i]).matches()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** {@code name_regexp}: {@code re.search} over the full path, case-insensitive, '.' matching newlines too. */
    record NameRegexp(String value, Pattern pattern) implements FileMetadataFilter {
        @Override
        public boolean accepts(String path, long size) {
            return pattern.matcher(path).find();
        }
    }

    /** {@code file_size_min}: at least {@code bytes}. */
    record SizeMin(long bytes) implements FileMetadataFilter {
        @Override
        public boolean accepts(String path, long size) {
            return size >= bytes;
        }
    }

    /** {@code file_size_max}: at most {@code bytes}. */
    record SizeMax(long bytes) implements FileMetadataFilter {
        @Override
        public boolean accepts(String path, long size) {
            return size <= bytes;
        }
    }

    static NameGlob glob(String value) {
        if (value.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            throw new IllegalArgumentException("'" + value + "' has no glob character (*, ? or [)");
        }
        for (String part : value.split("/")) {
            globPart(part);
        }
        return new NameGlob(value);
    }

    static NameRegexp regexp(String value) {
        try {
            return new NameRegexp(value, Pattern.compile(value, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    /** One path component of a glob: {@code *} and {@code ?} never match '/', {@code [...]} and {@code [!...]} sets. */
    private static Pattern globPart(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, end);
                String members = (set.startsWith("!") ? set.substring(1) : set).replace("\\", "\\\\").replace("[", "\\[");
                regex.append('[').append(set.startsWith("!") ? "^" : "").append(members).append(']');
                i = end;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * A byte size as pydantic's {@code ByteSize} reads it: a bare number is bytes, {@code kb/mb/gb/tb/pb} are powers
     * of 1000, {@code kib/mib/...} powers of 1024, case-insensitive, optional space and decimals ({@code "1.5 MB"}).
     */
    static long byteSize(String text) {
        Matcher m = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*$").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size such as 1024, 1kb or 2MiB");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "", "b" -> 1;
            case "kb", "k" -> 1e3;
            case "mb", "m" -> 1e6;
            case "gb", "g" -> 1e9;
            case "tb", "t" -> 1e12;
            case "pb", "p" -> 1e15;
            case "eb", "e" -> 1e18;
            case "kib" -> 1024d;
            case "mib" -> Math.pow(1024, 2);
            case "gib" -> Math.pow(1024, 3);
            case "tib" -> Math.pow(1024, 4);
            case "pib" -> Math.pow(1024, 5);
            case "eib" -> Math.pow(1024, 6);
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + m.group(2) + "'");
        };
        return (long) (Double.parseDouble(m.group(1)) * factor);
    }
}
