package io.syncmaster.worker.config;

/**
 * SyncMaster's {@code broker} section: the kombu URL of its RabbitMQ broker.
 *
 * <p>Exists so the URL is always read with kombu's rules ({@link BrokerAddress}), never with the RabbitMQ Java
 * client's own URI parser (which maps an empty path to vhost {@code ""}, not {@code /}). Extra keys are ignored.
 *
 * @param url the kombu URL (may contain the password: never log it; {@link #toString()} hides it)
 */
public record BrokerSettings(String url) {

    /**
     * The broker address as kombu would connect to it.
     *
     * @throws SettingsException ({@code broker.url: ...}) if the URL cannot be used
     */
    public BrokerAddress address() {
        return BrokerAddress.fromKombuUrl(url);
    }

    @Override
    public String toString() {
        String redacted;
        try {
            redacted = address().toString();
        } catch (SettingsException e) {
            redacted = "<invalid>";
        }
        return "BrokerSettings[" + redacted + "]";
    }
}
