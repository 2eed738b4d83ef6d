package io.syncmaster.worker.config;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL JDBC target derived from SyncMaster's SQLAlchemy {@code database.url}.
 *
 * <p>Exists because SyncMaster configures a SQLAlchemy URL ({@code postgresql+asyncpg://user:pass@host:5432/db})
 * and Java needs {@code jdbc:postgresql://host:5432/db} plus separate credentials. Parsing follows SQLAlchemy 2.0's
 * {@code make_url}: user and password are percent-decoded, the database name is taken verbatim, the query string is
 * parsed like {@code urllib.parse.parse_qsl}. The query parameters are libpq keywords (SyncMaster's worker connects
 * through psycopg2); those PgJDBC understands are translated, the others are dropped with a warning naming only
 * the parameter. The password and {@code sslpassword} are never part of {@link #jdbcUrl()}: they are returned by
 * {@link #password()} / {@link #connectionProperties()} only, and {@link #toString()} redacts them.
 */
public final class JdbcTarget {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTarget.class);
    private static final String KEY = "database.url";
    private static final int DEFAULT_PORT = 5432;

    /** SQLAlchemy 2.0 {@code sqlalchemy.engine.url._parse_url} pattern (anchored at the start only, like re.match). */
    private static final Pattern SQLALCHEMY_URL = Pattern.compile(
            "(?<name>[\\w+]+)://"
                    + "(?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?"
                    + "(?:(?:\\[(?<ipv6host>[^/?]+)\\]|(?<ipv4host>[^/:?]+))?(?::(?<port>[^/?]*))?)?"
                    + "(?:/(?<database>[^?]*))?"
                    + "(?:\\?(?<query>.*))?",
            Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);

    /** Drivers whose URLs describe a PostgreSQL server SyncMaster can use. */
    private static final List<String> POSTGRES_SCHEMES = List.of(
            "postgresql", "postgresql+asyncpg", "postgresql+psycopg2", "postgresql+psycopg",
            "postgresql+psycopg2cffi", "postgresql+pg8000");

    /** libpq keyword → PgJDBC property, for parameters whose values mean the same thing. */
    private static final Map<String, String> SAME_VALUE_PARAMETERS = Map.of(
            "sslmode", "sslmode",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "sslrootcert", "sslrootcert",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "options", "options",
            "gssencmode", "gssEncMode",
            "krbsrvname", "kerberosServerName");

    /** libpq {@code target_session_attrs} → PgJDBC {@code targetServerType}. */
    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;
    private final Map<String, String> secretParameters;

    private JdbcTarget(String host, int port, String database, String user, String password,
                       Map<String, String> parameters, Map<String, String> secretParameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.secretParameters = Collections.unmodifiableMap(new LinkedHashMap<>(secretParameters));
    }

    /** A target from explicit parts (tests, tools). {@code password} may be null. */
    public static JdbcTarget of(String host, int port, String database, String user, String password) {
        return new JdbcTarget(Objects.requireNonNull(host, "host"), port, Objects.requireNonNull(database, "database"),
                Objects.requireNonNull(user, "user"), password, Map.of(), Map.of());
    }

    /**
     * Converts a SQLAlchemy PostgreSQL URL ({@code postgresql}, {@code postgresql+asyncpg},
     * {@code postgresql+psycopg2}, ... schemes).
     *
     * @throws SettingsException {@code database.url: <what is wrong>}; the message never contains the URL
     */
    public static JdbcTarget fromSqlAlchemyUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new SettingsException(KEY, "must not be empty");
        }
        Matcher m = SQLALCHEMY_URL.matcher(url.strip());
        if (!m.lookingAt()) {
            throw new SettingsException(KEY,
                    "not a SQLAlchemy URL (expected postgresql+asyncpg://user:password@host:5432/dbname)");
        }
        String scheme = m.group("name").toLowerCase(Locale.ROOT);
        if (!POSTGRES_SCHEMES.contains(scheme)) {
            throw new SettingsException(KEY, "unsupported scheme '" + m.group("name")
                    + "' (expected postgresql, postgresql+asyncpg or postgresql+psycopg2)");
        }
        String user = emptyToNull(percentDecode(m.group("username")));
        String password = emptyToNull(percentDecode(m.group("password")));
        String host = m.group("ipv6host") != null ? "[" + m.group("ipv6host") + "]" : m.group("ipv4host");
        Integer port = parsePort(m.group("port"));
        String database = emptyToNull(m.group("database"));

        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, List<String>> query = parseQuery(m.group("query"));
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue();
            String value = values.get(values.size() - 1);
            switch (name) {
                case "user" -> user = emptyToNull(value);
                case "password" -> password = emptyToNull(value);
                case "dbname" -> database = emptyToNull(value);
                case "host" -> {
                    if (values.size() > 1 || value.contains(",")) {
                        throw new SettingsException(KEY, "several hosts in the query string are not supported");
                    }
                    if (value.startsWith("/")) {
                        throw new SettingsException(KEY,
                                "a Unix-domain socket host is not supported by the Java worker: use host:port");
                    }
                    host = value;
                }
                case "port" -> port = parsePort(value);
                case "sslpassword" -> secrets.put("sslpassword", value);
                case "ssl" -> params.put("sslmode", sslModeFromAsyncpg(value));
                case "sslmode" -> {
                    if (!SSL_MODES.contains(value)) {
                        throw new SettingsException(KEY, "query parameter sslmode must be one of " + SSL_MODES);
                    }
                    params.put("sslmode", value);
                }
                case "target_session_attrs" -> {
                    String mapped = TARGET_SESSION_ATTRS.get(value);
                    if (mapped == null) {
                        throw new SettingsException(KEY,
                                "query parameter target_session_attrs must be one of " + TARGET_SESSION_ATTRS.keySet());
                    }
                    params.put("targetServerType", mapped);
                }
                case "keepalives" -> params.put("tcpKeepAlive", "0".equals(value.strip()) ? "false" : "true");
                default -> {
                    String jdbcName = SAME_VALUE_PARAMETERS.get(name);
                    if (jdbcName != null) {
                        params.put(jdbcName, value);
                    } else {
                        LOG.warn("database.url: query parameter '{}' has no PostgreSQL JDBC equivalent and is ignored",
                                safeName(name));
                    }
                }
            }
        }
        if (host == null || host.isEmpty()) {
            throw new SettingsException(KEY, "host missing (expected ...://user:password@host:5432/dbname)");
        }
        if (user == null) {
            throw new SettingsException(KEY, "user name missing (expected ...://user:password@host:5432/dbname)");
        }
        if (database == null) {
            database = user; // libpq's default database is the user name
        }
        return new JdbcTarget(host, port == null ? DEFAULT_PORT : port, database, user, password, params, secrets);
    }

    private static String sslModeFromAsyncpg(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (SSL_MODES.contains(v)) {
            return v;
        }
        return switch (v) {
            case "true", "1", "yes", "on" -> "require";
            case "false", "0", "no", "off" -> "disable";
            default -> throw new SettingsException(KEY, "query parameter ssl must be a boolean or one of " + SSL_MODES);
        };
    }

    private static Integer parsePort(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException(KEY, "port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new SettingsException(KEY, "port must be between 1 and 65535");
        }
        return port;
    }

    /** {@code urllib.parse.parse_qsl(query)}: '&amp;'-separated, '+' is a space, blank values dropped. */
    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return result;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue; // parse_qsl drops fields without '=' (keep_blank_values=False)
            }
            String name = percentDecode(pair.substring(0, eq).replace('+', ' '));
            String value = percentDecode(pair.substring(eq + 1).replace('+', ' '));
            if (value.isEmpty()) {
                continue;
            }
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    /**
     * {@code urllib.parse.unquote}: UTF-8 percent-decoding where invalid escapes stay as written and '+' is kept.
     */
    static String percentDecode(String text) {
        if (text == null || text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c);
            i++;
        }
        if (bytes.size() > 0) {
            out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /**
     * {@code jdbc:postgresql://host:port/db[?params]} with the translated, non-secret parameters. Contains no
     * user name and no password: pass {@link #connectionProperties()} (or {@link #user()}/{@link #password()})
     * alongside it.
     */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://")
                .append(host).append(':').append(port).append('/')
                .append(URLEncoder.encode(database, StandardCharsets.UTF_8));
        char separator = '?';
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            url.append(separator).append(p.getKey()).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /** PgJDBC properties: {@code user}, {@code password} (if any) and secret parameters such as {@code sslpassword}. */
    public Properties connectionProperties() {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        secretParameters.forEach(props::setProperty);
        return props;
    }

    /** The translated, non-secret JDBC parameters (also present in {@link #jdbcUrl()}). */
    public Map<String, String> parameters() {
        return parameters;
    }

    public String user() {
        return user;
    }

    /** The decoded password, or null when the URL has none. Secret. */
    public String password() {
        return password;
    }

    /** The host name; an IPv6 literal keeps its brackets. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    @Override
    public String toString() {
        return "JdbcTarget[url=" + jdbcUrl() + ", user=" + user + ", password="
                + (password == null ? "<none>" : "<redacted>")
                + (secretParameters.isEmpty() ? "" : ", secretParameters=" + secretParameters.keySet()) + "]";
    }
}
