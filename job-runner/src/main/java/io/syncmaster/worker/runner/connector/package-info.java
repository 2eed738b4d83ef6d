/**
 * The connector architecture (design §8): one {@link io.syncmaster.worker.runner.connector.Connector} per SyncMaster
 * connection type, found by type string in the {@link io.syncmaster.worker.runner.connector.ConnectorRegistry}.
 *
 * <p>A run goes: the controller ({@code transfer.TransferController}) asks each side's connector to validate its
 * connection and params (no I/O), collects the sides' Spark settings, starts Spark, checks both connections (source
 * first), lets the target clean up stale staging, asks the strategy ({@code transfer.TransferStrategy}) for the read
 * scope and write mode, then either runs a pair-specific {@code transfer.FastPath} or
 * {@link io.syncmaster.worker.runner.connector.Source#read} → {@link io.syncmaster.worker.runner.connector.Target#write},
 * and ends with the run summary. Connectors know nothing of strategies, HWMs or each other.
 *
 * <p>Sub-packages hold the implementations: {@code connector.database} (JDBC: postgres, mysql, oracle, mssql,
 * clickhouse), {@code connector.catalog} (hive, iceberg), {@code connector.file} (s3, hdfs, sftp, ftp, ftps, webdav,
 * samba).
 */
package io.syncmaster.worker.runner.connector;
