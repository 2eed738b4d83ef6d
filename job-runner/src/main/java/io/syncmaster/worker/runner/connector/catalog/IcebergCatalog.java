package io.syncmaster.worker.runner.connector.catalog;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.SideSpec;

/**
 * One side's Iceberg REST catalog as Spark settings under {@code spark.sql.catalog.<name>} (transfer-semantics §2.3),
 * validated without I/O. The flavour is inferred from the keys present, as upstream must (the merge of data and
 * auth_data drops both {@code type} fields): {@code s3_warehouse_path} → direct S3 warehouse (S3FileIO with the
 * connection's keys), else delegated (the catalog vends credentials or signs requests);
 * {@code rest_catalog_oauth2_client_id} → OAuth2 client credentials, else a bearer {@code rest_catalog_token}.
 *
 * <p>Catalog name: {@code catalog_name} from the params when present (a Spark identifier, not {@code spark_catalog}),
 * else a random {@code iceberg_<8 hex>} per run, as upstream. Tables are {@code <catalog>.<namespace…>.<table>}.
 */
public record IcebergCatalog(String name, List<String> tableParts, Map<String, String> sparkConf, List<String> secrets) {
    private static final Pattern TABLE_NAME = Pattern.compile("^\\w+(\\.\\w+)+$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern CATALOG_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    public IcebergCatalog {
        tableParts = List.copyOf(tableParts);
        sparkConf = Map.copyOf(sparkConf);
        secrets = List.copyOf(secrets);
    }

    static IcebergCatalog validate(SideSpec spec) {
        Fields params = spec.paramFields();
        String tableName = params.requiredText("table_name");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw params.fail("table_name", "must be namespace.table (word characters, one or more dots)");
        }
        String name = params.optionalText("catalog_name").orElseGet(
                () -> "iceberg_" + String.format("%08x", ThreadLocalRandom.current().nextInt()));
        if (!CATALOG_NAME.matcher(name).matches() || name.equalsIgnoreCase("spark_catalog")) {
            throw params.fail("catalog_name", "must be a Spark identifier (letters, digits, underscores) other than spark_catalog");
        }
        Fields connection = spec.connectionFields();
        String prefix = "spark.sql.catalog." + name;
        Map<String, String> conf = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        conf.put(prefix + ".type", "rest");
        conf.put(prefix + ".uri", httpUrl(connection, "rest_catalog_url"));
        auth(connection, prefix, conf, secrets);
        if (connection.has("s3_warehouse_path")) {
            direct(connection, prefix, conf, secrets);
        } else {
            delegated(connection, prefix, conf);
        }
        return new IcebergCatalog(name, List.of(tableName.split("\\.")), conf, secrets);
    }

    private static void auth(Fields connection, String prefix, Map<String, String> conf, List<String> secrets) {
        conf.put(prefix + ".rest.auth.type", "oauth2");
        if (connection.has("rest_catalog_oauth2_client_id")) {
            String id = connection.requiredText("rest_catalog_oauth2_client_id");
            String secret = connection.requiredText("rest_catalog_oauth2_client_secret");
            secrets.add(secret);
            conf.put(prefix + ".token-exchange-enabled", "false");
            conf.put(prefix + ".credential", id + ":" + secret);
            conf.put(prefix + ".token-expires-in-ms", "3600000");
            conf.put(prefix + ".token-refresh-enabled", "true");
            if (connection.has("rest_catalog_oauth2_token_endpoint")) {
                conf.put(prefix + ".oauth2-server-uri", httpUrl(connection, "rest_catalog_oauth2_token_endpoint"));
            }
            List<String> scopes = scopes(connection);
            if (!scopes.isEmpty()) {
                conf.put(prefix + ".scope", String.join(" ", scopes));
            }
            connection.optionalText("rest_catalog_oauth2_audience").ifPresent(v -> conf.put(prefix + ".audience", v));
            connection.optionalText("rest_catalog_oauth2_resource").ifPresent(v -> conf.put(prefix + ".resource", v));
        } else if (connection.has("rest_catalog_token")) {
            String token = connection.requiredText("rest_catalog_token");
            secrets.add(token);
            conf.put(prefix + ".token", token);
        } else {
            throw connection.fail("rest_catalog_token", "is missing (neither a bearer token nor rest_catalog_oauth2_client_id is set)");
        }
    }

    private static void direct(Fields connection, String prefix, Map<String, String> conf, List<String> secrets) {
        String bucket = connection.requiredText("s3_bucket");
        String path = connection.requiredText("s3_warehouse_path");
        String host = connection.requiredText("s3_host");
        String protocol = connection.oneOf("s3_protocol", "https", Set.of("http", "https"));
        String style = connection.oneOf("s3_bucket_style", "path", Set.of("path", "domain"));
        String region = connection.requiredText("s3_region");
        String accessKey = connection.requiredText("s3_access_key");
        String secretKey = connection.requiredText("s3_secret_key");
        secrets.add(secretKey);
        String port = connection.has("s3_port") ? ":" + connection.port("s3_port", 443) : "";
        conf.put(prefix + ".warehouse", "s3a://" + bucket + "/" + path.replaceFirst("^/+", ""));
        conf.put(prefix + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        conf.put(prefix + ".s3.endpoint", protocol + "://" + host + port);
        conf.put(prefix + ".s3.access-key-id", accessKey);
        conf.put(prefix + ".s3.secret-access-key", secretKey);
        conf.put(prefix + ".s3.path-style-access", Boolean.toString(style.equals("path")));
        conf.put(prefix + ".client.region", region);
    }

    private static void delegated(Fields connection, String prefix, Map<String, String> conf) {
        for (String key : List.of("s3_access_key", "s3_secret_key")) {
            if (connection.has(key)) {
                throw connection.fail(key, "is not allowed for a delegated warehouse (the catalog provides S3 access)");
            }
        }
        connection.optionalText("s3_warehouse_name").ifPresent(v -> conf.put(prefix + ".warehouse", v));
        conf.put(prefix + ".header.X-Iceberg-Access-Delegation",
                connection.oneOf("s3_access_delegation", "vended-credentials", Set.of("vended-credentials", "remote-signing")));
    }

    private static List<String> scopes(Fields connection) {
        JsonNode value = connection.node().path("rest_catalog_oauth2_scopes");
        List<String> scopes = new ArrayList<>();
        if (value.isMissingNode() || value.isNull()) {
            return scopes;
        }
        if (!value.isArray()) {
            throw connection.fail("rest_catalog_oauth2_scopes", "must be a list of strings");
        }
        for (JsonNode scope : value) {
            if (!scope.isTextual()) {
                throw connection.fail("rest_catalog_oauth2_scopes", "must be a list of strings");
            }
            scopes.add(scope.asText());
        }
        return scopes;
    }

    private static String httpUrl(Fields connection, String key) {
        String value = connection.requiredText(key);
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the failure
        }
        throw connection.fail(key, "must be an http(s) URL");
    }

    /** {@code catalog.ns.table} in Spark SQL, every part quoted. */
    public String tableSql() {
        StringBuilder sql = new StringBuilder(SparkSqlDialect.INSTANCE.quoteIdentifier(name));
        for (String part : tableParts) {
            sql.append('.').append(SparkSqlDialect.INSTANCE.quoteIdentifier(part));
        }
        return sql.toString();
    }

    /** {@code catalog.ns} (all but the last part), quoted. */
    public String namespaceSql() {
        StringBuilder sql = new StringBuilder(SparkSqlDialect.INSTANCE.quoteIdentifier(name));
        for (String part : tableParts.subList(0, tableParts.size() - 1)) {
            sql.append('.').append(SparkSqlDialect.INSTANCE.quoteIdentifier(part));
        }
        return sql.toString();
    }

    @Override
    public String toString() {
        return "IcebergCatalog[" + name + ", table " + String.join(".", tableParts) + "]";
    }
}
