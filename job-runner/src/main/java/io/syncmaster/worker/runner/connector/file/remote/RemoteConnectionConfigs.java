package io.syncmaster.worker.runner.connector.file.remote;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;

/**
 * Parses the merged connection JSON of a staged type into its config record, with SyncMaster's defaults
 * (transfer-semantics §2.4). A missing or malformed field fails the run with a message naming the field and never
 * its value (it may be the password). Unknown keys are ignored, as the rest of this runner does.
 */
public final class RemoteConnectionConfigs {
    /** The connection types this package serves. */
    public static final List<String> TYPES = List.of("sftp", "ftp", "ftps", "webdav", "samba");

    private RemoteConnectionConfigs() {
    }

    public static boolean isStaged(String type) {
        return TYPES.contains(type);
    }

    /**
     * @param type   the connection type ({@link #TYPES})
     * @param merged connection.data updated with the decrypted auth_data, auth {@code type} removed
     * @param side   which side of the transfer, for error messages
     */
    public static RemoteConnectionConfig parse(String type, JsonNode merged, FailureSide side) {
        Fields fields = new Fields(type, merged, side);
        return switch (type) {
            case "sftp" -> new SftpConfig(fields.text("host"), fields.port(22), fields.credentials());
            case "ftp" -> new FtpConfig(fields.text("host"), fields.port(21), fields.credentials());
            case "ftps" -> new FtpsConfig(fields.text("host"), fields.port(21), fields.credentials());
            case "webdav" -> {
                String protocol = fields.choice("protocol", "https", "http", "https");
                yield new WebDavConfig(protocol, fields.text("host"), fields.port("https".equals(protocol) ? 443 : 80),
                        fields.credentials());
            }
            case "samba" -> {
                String protocol = fields.choice("protocol", "SMB", "SMB", "NetBIOS");
                yield new SambaConfig(fields.text("host"), fields.port("SMB".equals(protocol) ? 445 : 139),
                        fields.text("share"), protocol, fields.optionalText("domain", ""), fields.credentials(),
                        fields.choice("auth_type", "NTLMv2", "NTLMv1", "NTLMv2"));
            }
            default -> throw new RunFailure(side, side.label() + " connection: type '" + type
                    + "' is not a staged file protocol (expected one of " + String.join(", ", TYPES) + ")");
        };
    }

    /** Field access with messages in the form of the JDBC connections: "source connection (sftp): field 'host' …". */
    private record Fields(String type, JsonNode merged, FailureSide side) {
        String text(String key) {
            JsonNode value = merged.path(key);
            if (value.isMissingNode() || value.isNull()) {
                throw invalid(key, "is missing");
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw invalid(key, "must be a non-empty string");
            }
            return value.asText();
        }

        String optionalText(String key, String defaultValue) {
            JsonNode value = merged.path(key);
            if (value.isMissingNode() || value.isNull()) {
                return defaultValue;
            }
            if (!value.isTextual()) {
                throw invalid(key, "must be a string");
            }
            return value.asText();
        }

        String choice(String key, String defaultValue, String... allowed) {
            String value = optionalText(key, defaultValue);
            if (!List.of(allowed).contains(value)) {
                throw invalid(key, "must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
            }
            return value;
        }

        int port(int defaultPort) {
            JsonNode value = merged.path("port");
            if (value.isMissingNode() || value.isNull()) {
                return defaultPort;
            }
            if (value.canConvertToInt() && value.isIntegralNumber()
                    || value.isTextual() && value.asText().matches("\\d{1,5}")) {
                int port = value.asInt();
                if (port > 0 && port < 65536) {
                    return port;
                }
            }
            throw invalid("port", "is not a TCP port: " + value);
        }

        Credentials credentials() {
            String user = text("user");
            JsonNode password = merged.path("password");
            if (password.isMissingNode() || password.isNull()) {
                throw invalid("password", "is missing");
            }
            if (!password.isTextual()) {
                throw invalid("password", "must be a string");
            }
            return new Credentials(user, password.asText());
        }

        private RunFailure invalid(String key, String problem) {
            return new RunFailure(side, side.label() + " connection (" + type + "): field '" + key + "' " + problem);
        }
    }
}
