package io.syncmaster.worker.runner.connector.database;

import java.util.LinkedHashMap;
import java.util.Map;

import io.syncmaster.worker.runner.connector.Fields;
import io.syncmaster.worker.runner.connector.database.clickhouse.ClickHouseDriver;
import io.syncmaster.worker.runner.connector.database.clickhouse.ClickHouseServerInfo;
import io.syncmaster.worker.runner.connector.database.clickhouse.ClickHouseSparkDialect;
import io.syncmaster.worker.runner.connector.database.clickhouse.ClickHouseSqlDialect;
import io.syncmaster.worker.runner.connector.database.clickhouse.ClickHouseStagingWriter;
import io.syncmaster.worker.runner.jdbc.SqlDialect;

/**
 * {@code clickhouse}: {@code host}, {@code port} (8123, HTTP), {@code database_name} (ignored, as upstream: tables
 * are always {@code database.table}), {@code additional_params}. URL {@code jdbc:clickhouse://host:port} as upstream;
 * the driver is chosen in one place ({@link ClickHouseDriver}). Tables are created by this runner (MergeTree sorted by
 * the source's primary key) and replaced through a staging table and {@code EXCHANGE TABLES} or {@code RENAME TABLE}
 * (see {@link ClickHouseSqlDialect}); Spark only inserts and reads, through {@link ClickHouseSparkDialect}.
 */
public final class ClickHouseConnector extends JdbcConnector {
    @Override
    public String type() {
        return "clickhouse";
    }

    @Override
    protected SqlDialect dialect() {
        ClickHouseSparkDialect.register();
        return new ClickHouseSqlDialect(ClickHouseServerInfo.MODERN);
    }

    @Override
    protected Location location(Fields connection, String clientInfo) {
        String host = connection.requiredText("host");
        int port = connection.port("port", 8123);
        connection.optionalText("database_name"); // validated, then ignored like upstream
        ClickHouseDriver driver = ClickHouseDriver.configured();
        Map<String, String> props = new LinkedHashMap<>(driver.properties(clientInfo));
        props.putAll(connection.stringMap("additional_params"));
        return new Location("jdbc:clickhouse://" + hostForUrl(host) + ":" + port, props);
    }

    @Override
    protected StagingWriter stagingWriter() {
        return new ClickHouseStagingWriter();
    }
}
