package io.syncmaster.worker.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where and how to connect to RabbitMQ, read from SyncMaster's {@code broker.url} with kombu's rules
 * ({@code kombu.utils.url.url_to_parts} plus the py-amqp transport defaults; contract §4.5).
 *
 * <p>Exists because the RabbitMQ Java client's {@code ConnectionFactory.setUri} reads the same URL differently
 * (an empty path gives vhost {@code ""}, kombu gives {@code /}). Rules reproduced here, each checked against kombu:
 * <ul>
 *   <li>schemes {@code amqp}, {@code pyamqp} (plain) and {@code amqps} (TLS, default port 5671);</li>
 *   <li>empty path, {@code /} or {@code //} → vhost {@code /}; {@code /name} → {@code name}; the path is
 *       percent-decoded, so {@code /%2F} → {@code /};</li>
 *   <li>user name and password percent-decoded; each missing (or empty) one defaults to {@code guest};</li>
 *   <li>missing port → 5672, or 5671 when TLS is on; missing host → {@code localhost}; host lower-cased;</li>
 *   <li>TLS is also on when the query has a non-empty {@code ssl} value or any {@code ssl_*} key &mdash; kombu passes
 *       the text on, so even {@code ssl=0} means TLS;</li>
 *   <li>several URLs separated by {@code ;} (kombu fail-over) are rejected: one broker only.</li>
 * </ul>
 * Login method PLAIN. {@link #toString()} never shows the password.
 */
public final class BrokerAddress {

    private static final String KEY = "broker.url";
    private static final List<String> PLAIN_SCHEMES = List.of("amqp", "pyamqp");
    private static final List<String> TLS_SCHEMES = List.of("amqps");
    private static final String DEFAULT_USER = "guest";
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    private final String scheme;
    private final String host;
    private final int port;
    private final String virtualHost;
    private final String username;
    private final String password;
    private final boolean tls;
    private final Map<String, String> options;

    private BrokerAddress(String scheme, String host, int port, String virtualHost, String username, String password,
                          boolean tls, Map<String, String> options) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.virtualHost = virtualHost;
        this.username = username;
        this.password = password;
        this.tls = tls;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses a kombu broker URL.
     *
     * @throws SettingsException {@code broker.url: <what is wrong>}; the message never contains the URL
     */
    public static BrokerAddress fromKombuUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new SettingsException(KEY, "must not be empty");
        }
        String text = url.strip().replace("\t", "").replace("\r", "").replace("\n", "");
        int colon = text.indexOf("://");
        if (colon <= 0 || !SCHEME.matcher(text.substring(0, colon)).matches()) {
            throw new SettingsException(KEY, "not a broker URL (expected amqp://user:password@host:5672/vhost)");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!PLAIN_SCHEMES.contains(scheme) && !TLS_SCHEMES.contains(scheme)) {
            throw new SettingsException(KEY, "unsupported scheme '" + scheme + "' (expected amqp, pyamqp or amqps)");
        }
        String rest = text.substring(colon + 3);
        if (rest.contains(";")) {
            throw new SettingsException(KEY, "several broker URLs separated by ';' (fail-over) are not supported");
        }

        // urllib.parse.urlsplit("http://" + rest): netloc up to the first '/', '?' or '#'
        int netlocEnd = indexOfAny(rest, "/?#");
        String netloc = netlocEnd < 0 ? rest : rest.substring(0, netlocEnd);
        String afterNetloc = netlocEnd < 0 ? "" : rest.substring(netlocEnd);
        int fragment = afterNetloc.indexOf('#');
        if (fragment >= 0) {
            afterNetloc = afterNetloc.substring(0, fragment);
        }
        int question = afterNetloc.indexOf('?');
        String path = question < 0 ? afterNetloc : afterNetloc.substring(0, question);
        String query = question < 0 ? "" : afterNetloc.substring(question + 1);

        String userinfo = null;
        String hostinfo = netloc;
        int at = netloc.lastIndexOf('@');
        if (at >= 0) {
            userinfo = netloc.substring(0, at);
            hostinfo = netloc.substring(at + 1);
        }
        String user = null;
        String password = null;
        if (userinfo != null) {
            int sep = userinfo.indexOf(':');
            user = sep < 0 ? userinfo : userinfo.substring(0, sep);
            password = sep < 0 ? null : userinfo.substring(sep + 1);
        }

        String hostname;
        String portText;
        int bracket = hostinfo.indexOf('[');
        if (bracket >= 0) {
            String bracketed = hostinfo.substring(bracket + 1);
            int close = bracketed.indexOf(']');
            hostname = close < 0 ? bracketed : bracketed.substring(0, close);
            String afterBracket = close < 0 ? "" : bracketed.substring(close + 1);
            int portColon = afterBracket.indexOf(':');
            portText = portColon < 0 ? "" : afterBracket.substring(portColon + 1);
        } else {
            int portColon = hostinfo.indexOf(':');
            hostname = portColon < 0 ? hostinfo : hostinfo.substring(0, portColon);
            portText = portColon < 0 ? "" : hostinfo.substring(portColon + 1);
        }
        hostname = hostname.toLowerCase(Locale.ROOT);

        Integer port = null;
        if (!portText.isEmpty()) {
            if (!portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new SettingsException(KEY, "port is not a number");
            }
            int parsed;
            try {
                parsed = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new SettingsException(KEY, "port must be between 1 and 65535");
            }
            if (parsed > 65535) {
                throw new SettingsException(KEY, "port must be between 1 and 65535");
            }
            port = parsed == 0 ? null : parsed;
        }

        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        String vhost = orNull(JdbcTarget.percentDecode(path));

        Map<String, String> options = new LinkedHashMap<>();
        JdbcTarget.parseQuery(query).forEach((k, v) -> options.put(k, v.get(v.size() - 1)));
        boolean tls = TLS_SCHEMES.contains(scheme)
                || options.containsKey("ssl")
                || options.keySet().stream().anyMatch(k -> k.startsWith("ssl_"));

        String host = orNull(JdbcTarget.percentDecode(hostname));
        String decodedUser = orNull(JdbcTarget.percentDecode(user));
        String decodedPassword = orNull(JdbcTarget.percentDecode(password));
        return new BrokerAddress(
                scheme,
                host == null ? "localhost" : host,
                port == null ? (tls ? 5671 : 5672) : port,
                vhost == null ? "/" : vhost,
                decodedUser == null ? DEFAULT_USER : decodedUser,
                decodedPassword == null ? DEFAULT_USER : decodedPassword,
                tls,
                options);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The URL scheme as written, lower-cased ({@code amqp}, {@code pyamqp} or {@code amqps}). */
    public String scheme() {
        return scheme;
    }

    /** The host name (lower-cased; IPv6 literals without brackets, as kombu). */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The virtual host, {@code /} by default. */
    public String virtualHost() {
        return virtualHost;
    }

    public String username() {
        return username;
    }

    /** The decoded password ({@code guest} by default). Secret. */
    public String password() {
        return password;
    }

    /** Whether to connect with TLS. */
    public boolean tls() {
        return tls;
    }

    /** The remaining query parameters (e.g. {@code heartbeat}); informative, none is applied by this class. */
    public Map<String, String> options() {
        return options;
    }

    @Override
    public String toString() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return "BrokerAddress[" + (tls ? "amqps" : "amqp") + "://" + username + ":<redacted>@" + hostPart + ":" + port
                + ", vhost=" + virtualHost + ", tls=" + tls + "]";
    }
}
