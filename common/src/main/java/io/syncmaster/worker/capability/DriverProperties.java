package io.syncmaster.worker.capability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The per-driver allow-list of a connection's {@code additional_params} (design §9). A run pod connects to hosts any
 * SyncMaster Developer chooses, and JDBC drivers have properties that turn a connection string into code execution
 * or file theft: MySQL's {@code allowLoadLocalInfile} lets a hostile server read the pod's files, {@code
 * autoDeserialize} deserialises server-sent objects, {@code *Interceptors}/{@code socketFactory}/{@code sslfactory}
 * load arbitrary classes. Only properties known to be harmless pass; the operator refuses the run before claiming it
 * and the job-runner refuses it again, with an error naming the key.
 *
 * <p>Names are compared case-insensitively (MySQL Connector/J accepts any case). A driver without a list here
 * accepts no additional parameter: a new connection type adds its list in {@link #ALLOWED}.
 */
public final class DriverProperties {

    /** Why a property is dangerous, for properties people are likely to try (a clearer error than "not allowed"). */
    private static final Map<Pattern, String> DANGEROUS = Map.of(
            Pattern.compile("(?i)allowLoadLocalInfile.*|allowUrlInLocalInfile|loggerFile|serverRSAPublicKeyFile"
                    + "|.*KeyStoreUrl|sslkey|sslcert|sslrootcert"), "it makes the driver read or write local files",
            Pattern.compile("(?i)autoDeserialize"), "it makes the driver deserialise objects sent by the server",
            Pattern.compile("(?i).*Interceptors?|socketFactory.*|sslfactory.*|sslpasswordcallback|sslhostnameverifier"
                    + "|authenticationPlugin.*|authenticationPlugins|defaultAuthenticationPlugin|propertiesTransform"
                    + "|clientInfoProvider|profilerEventHandler|logger|loadBalanceStrategy|.*ClassName"),
            "it makes the driver load a class named by the connection");

    /** Properties each driver may receive; anything else is refused. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "postgres", lower(List.of(
                    "ssl", "sslmode", "sslNegotiation", "channelBinding", "gssEncMode", "connectTimeout",
                    "socketTimeout", "loginTimeout", "cancelSignalTimeout", "tcpKeepAlive", "tcpNoDelay",
                    "ApplicationName", "options", "currentSchema", "prepareThreshold", "preparedStatementCacheQueries",
                    "preparedStatementCacheSizeMiB", "defaultRowFetchSize", "binaryTransfer", "reWriteBatchedInserts",
                    "stringtype", "readOnly", "readOnlyMode", "targetServerType", "loadBalanceHosts",
                    "hostRecheckSeconds", "assumeMinServerVersion", "preferQueryMode", "receiveBufferSize",
                    "sendBufferSize", "autosave", "cleanupSavepoints", "escapeSyntaxCallMode",
                    "quoteReturningIdentifiers", "unknownLength", "maxResultBuffer", "adaptiveFetch",
                    "adaptiveFetchMinimum", "adaptiveFetchMaximum", "logServerErrorDetail", "groupStartupParameters")),
            "mysql", lower(List.of(
                    "useSSL", "sslMode", "requireSSL", "verifyServerCertificate", "enabledTLSProtocols", "tlsVersions",
                    "allowPublicKeyRetrieval", "connectTimeout", "socketTimeout", "tcpKeepAlive", "tcpNoDelay",
                    "characterEncoding", "useUnicode", "connectionCollation", "serverTimezone", "connectionTimeZone",
                    "forceConnectionTimeZoneToSession", "preserveInstants", "zeroDateTimeBehavior", "useCursorFetch",
                    "defaultFetchSize", "rewriteBatchedStatements", "useServerPrepStmts", "cachePrepStmts",
                    "prepStmtCacheSize", "prepStmtCacheSqlLimit", "tinyInt1isBit", "transformedBitIsBoolean",
                    "yearIsDateType", "sessionVariables", "useCompression", "maxAllowedPacket",
                    "netTimeoutForStreamingResults", "useInformationSchema", "nullDatabaseMeansCurrent",
                    "sendFractionalSeconds", "sendFractionalSecondsForTime", "useAffectedRows", "jdbcCompliantTruncation")));

    private DriverProperties() {
    }

    /**
     * The first refused key of {@code additionalParams} for a connection of {@code connectionType}, as a message
     * naming it, or empty when every key is allowed (also when there are none).
     *
     * @param field where the parameters come from, for the message (e.g. {@code source connection 3 data.additional_params})
     */
    public static Optional<String> problem(String connectionType, JsonNode additionalParams, String field) {
        if (additionalParams == null || additionalParams.isMissingNode() || additionalParams.isNull()) {
            return Optional.empty();
        }
        if (!additionalParams.isObject()) {
            return Optional.of(field + " must be a JSON object");
        }
        Set<String> allowed = ALLOWED.getOrDefault(connectionType, Set.of());
        Iterator<String> keys = additionalParams.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            Optional<String> why = DANGEROUS.entrySet().stream().filter(e -> e.getKey().matcher(key).matches())
                    .map(Map.Entry::getValue).findFirst();
            if (why.isPresent()) {
                return Optional.of(field + ": property '" + key + "' is refused: " + why.get());
            }
            if (!allowed.contains(key.toLowerCase(Locale.ROOT))) {
                return Optional.of(field + ": property '" + key + "' is not in this worker's allow-list for "
                        + connectionType + " connections (see docs/security.md)");
            }
        }
        return Optional.empty();
    }

    /** The allowed property names of a driver, sorted (documentation and tests). */
    public static Set<String> allowed(String connectionType) {
        return new TreeSet<>(ALLOWED.getOrDefault(connectionType, Set.of()));
    }

    private static Set<String> lower(List<String> names) {
        Set<String> result = new TreeSet<>();
        names.forEach(n -> result.add(n.toLowerCase(Locale.ROOT)));
        return Set.copyOf(result);
    }
}
