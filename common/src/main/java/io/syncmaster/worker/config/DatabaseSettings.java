package io.syncmaster.worker.config;

/**
 * SyncMaster's {@code database} section: the SQLAlchemy URL of its PostgreSQL database.
 *
 * <p>Exists so both modules turn the same URL into the same JDBC target. Extra keys of the section (SQLAlchemy
 * engine options such as {@code pool_pre_ping}) are ignored, as SyncMaster's worker ignores them.
 *
 * @param url the SQLAlchemy URL, e.g. {@code postgresql+asyncpg://user:password@host:5432/db} (contains the
 *            password: never log it; {@link #toString()} hides it)
 */
public record DatabaseSettings(String url) {

    /**
     * The JDBC form of {@link #url()}.
     *
     * @throws SettingsException ({@code database.url: ...}) if the URL cannot be used
     */
    public JdbcTarget jdbc() {
        return JdbcTarget.fromSqlAlchemyUrl(url);
    }

    @Override
    public String toString() {
        String redacted;
        try {
            redacted = jdbc().toString();
        } catch (SettingsException e) {
            redacted = "<invalid>";
        }
        return "DatabaseSettings[" + redacted + "]";
    }
}
