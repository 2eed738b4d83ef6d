package io.syncmaster.worker.runner.connector.catalog;

import io.syncmaster.worker.runner.connector.Connector;
import io.syncmaster.worker.runner.connector.SideSpec;
import io.syncmaster.worker.runner.connector.Source;
import io.syncmaster.worker.runner.connector.Target;

/**
 * {@code iceberg}: a table in an Iceberg REST catalog, read and written through Spark's Iceberg catalog
 * ({@code iceberg-spark-runtime-4.1}); the catalog settings are {@link IcebergCatalog}'s. Replace is
 * {@code CREATE OR REPLACE} (one atomic commit in the catalog: readers see the old snapshot or the new one).
 */
public final class IcebergConnector implements Connector {
    @Override
    public String type() {
        return "iceberg";
    }

    @Override
    public Source source(SideSpec spec) {
        return new IcebergSide.IcebergSource(spec.side(), IcebergCatalog.validate(spec));
    }

    @Override
    public Target target(SideSpec spec) {
        return new IcebergSide.IcebergTarget(spec.side(), IcebergCatalog.validate(spec));
    }
}
