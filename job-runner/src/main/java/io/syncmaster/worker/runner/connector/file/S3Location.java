package io.syncmaster.worker.runner.connector.file;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;

import io.syncmaster.worker.runner.connector.Fields;

/**
 * An {@code s3} connection as Spark's s3a file system reaches it (transfer-semantics §2.4): everything is a
 * per-bucket setting ({@code fs.s3a.bucket.<bucket>.*}), so two S3 connections of one run do not disturb each
 * other. {@code additional_params} keys are added with a leading {@code spark.hadoop.}, {@code fs.s3a.} or
 * {@code bucket.<x>.} stripped; the keys that would replace the connection's own endpoint or credentials are refused.
 */
public record S3Location(String host, int port, String protocol, String bucket, String region, String bucketStyle,
        String accessKey, String secretKey, Map<String, String> additionalParams) implements HadoopLocation {
    /** Keys (after stripping the prefixes) that {@code additional_params} may not set. */
    static final Set<String> FORBIDDEN = Set.of("access.key", "secret.key", "session.token", "endpoint", "endpoint.region", "impl");
    /** Keys that only mean something on the root {@code fs.s3a.} level. */
    static final Set<String> ROOT_KEYS = Set.of("committer.magic.enabled", "committer.name", "user.agent.prefix");

    public S3Location {
        additionalParams = Map.copyOf(additionalParams);
    }

    /** Reads and validates the merged connection ({@code connection.data} + {@code auth_data} of type s3). */
    static S3Location parse(Fields connection) {
        String protocol = connection.oneOf("protocol", "https", Set.of("http", "https"));
        String bucket = connection.requiredText("bucket");
        if (!bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw connection.fail("bucket", "is not a valid bucket name");
        }
        Map<String, String> additional = connection.stringMap("additional_params");
        for (String key : additional.keySet()) {
            String stripped = strip(key, bucket);
            String lower = key.toLowerCase(Locale.ROOT);
            if (FORBIDDEN.contains(stripped) || lower.startsWith("fs.s3.") || lower.startsWith("fs.s3n.")
                    || lower.startsWith("com.amazonaws.") || lower.startsWith("spark.hadoop.fs.s3.")
                    || lower.startsWith("spark.hadoop.fs.s3n.")) {
                throw connection.fail("additional_params." + key, "may not be set: the connection's own fields decide it");
            }
        }
        return new S3Location(connection.requiredText("host"), connection.port("port", protocol.equals("https") ? 443 : 80),
                protocol, bucket, connection.requiredText("region"),
                connection.oneOf("bucket_style", "path", Set.of("path", "domain")),
                connection.requiredText("access_key"), connection.requiredText("secret_key"), additional);
    }

    /** {@code key} without a leading {@code spark.hadoop.}, {@code fs.s3a.} and {@code bucket.<x>.}. */
    static String strip(String key, String bucket) {
        String k = key;
        if (k.startsWith("spark.hadoop.")) {
            k = k.substring("spark.hadoop.".length());
        }
        if (k.startsWith("fs.s3a.")) {
            k = k.substring("fs.s3a.".length());
        }
        if (k.startsWith("bucket.")) {
            int dot = k.indexOf('.', "bucket.".length());
            if (dot > 0) {
                k = k.substring(dot + 1);
            }
        }
        return k;
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public String root() {
        return "s3a://" + bucket;
    }

    public String endpoint() {
        return protocol + "://" + host + ":" + port;
    }

    @Override
    public Map<String, String> hadoopSettings(String clientInfo, Configuration current) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "endpoint", endpoint());
        settings.put(prefix + "connection.ssl.enabled", Boolean.toString(protocol.equals("https")));
        settings.put(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put(prefix + "access.key", accessKey);
        settings.put(prefix + "secret.key", secretKey);
        settings.put(prefix + "endpoint.region", region);
        settings.put(prefix + "path.style.access", Boolean.toString(bucketStyle.equals("path")));
        settings.put(prefix + "user.agent.prefix", clientInfo);
        additionalParams.forEach((key, value) -> {
            String stripped = strip(key, bucket);
            settings.put((ROOT_KEYS.contains(stripped) ? "fs.s3a." : prefix) + stripped, value);
        });
        return settings;
    }

    @Override
    public Set<String> secrets() {
        return Set.of(secretKey);
    }

    @Override
    public String describe() {
        return "s3 " + endpoint() + " bucket " + bucket + " (" + bucketStyle + " style, region " + region + ")";
    }

    @Override
    public String toString() {
        return "S3Location[" + describe() + "]";
    }
}
