package io.syncmaster.worker.runner.connector.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test only (connectors.md §5): a JDBC driver that accepts {@code jdbc:oracle:} and {@code jdbc:sqlserver:} URLs
 * and opens an in-memory H2 database in Oracle or MSSQLServer mode instead. Spark chooses its JDBC dialect by the
 * URL, so through this driver the runner's JDBC path runs with Spark's real {@code OracleDialect} and
 * {@code MsSqlServerDialect}, and our own SQL runs on a database that parses most of those dialects.
 *
 * <p>It rewrites the few statements H2 does not know, and each rewrite is a thing these tests cannot prove:
 * <ul>
 *   <li>{@code EXEC sp_rename N'old', N'new'} → {@code ALTER TABLE old RENAME TO "new"} (MSSQL swap);</li>
 *   <li>{@code DROP TABLE … PURGE} → {@code DROP TABLE …} (Oracle);</li>
 *   <li>{@code WITH LOCAL TIME ZONE} is dropped from DDL (Spark 4's Oracle timestamp type);</li>
 *   <li>H2's "table not found" errors become {@code ORA-00942} / MSSQL error 208, the codes Spark's dialects look for.</li>
 * </ul>
 * The database name is the Oracle service name (or SID) or the MSSQL {@code databaseName} property; user and
 * password are ignored.
 */
public final class H2ShimDriver implements Driver {
    private static final Pattern SP_RENAME = Pattern.compile("(?is)^\\s*EXEC\\s+sp_rename\\s+N'(.*)'\\s*,\\s*N'(.*)'\\s*$");
    private static final Pattern PURGE = Pattern.compile("(?is)^(\\s*DROP\\s+TABLE\\s+.*?)\\s+PURGE\\s*$");

    static {
        try {
            DriverManager.registerDriver(new H2ShimDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private enum Mode { ORACLE, MSSQL }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Mode mode = url.startsWith("jdbc:oracle:") ? Mode.ORACLE : Mode.MSSQL;
        String name;
        String h2Url;
        if (mode == Mode.ORACLE) {
            name = url.replaceAll("^.*[/:]", "");
            h2Url = "jdbc:h2:mem:shim_ora_" + name + ";MODE=Oracle;DB_CLOSE_DELAY=-1;DEFAULT_NULL_ORDERING=HIGH";
        } else {
            name = info.getProperty("databaseName", "master");
            h2Url = "jdbc:h2:mem:shim_mss_" + name + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=FALSE";
        }
        Connection h2 = DriverManager.getConnection(h2Url, "sa", "");
        return wrap(Connection.class, h2, mode);
    }

    /** A proxy that rewrites the SQL passing through {@code target} and translates its errors. */
    private static <T> T wrap(Class<T> type, Object target, Mode mode) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object[] actual = args;
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (method.getName().startsWith("execute") || method.getName().equals("prepareStatement")
                    || method.getName().equals("addBatch"))) {
                actual = args.clone();
                actual[0] = rewrite(sql);
            }
            try {
                Object result = method.invoke(target, actual);
                if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
                    return wrap(PreparedStatement.class, prepared, mode);
                }
                if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                    return wrap(Statement.class, statement, mode);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw translate(e.getCause(), mode);
            }
        };
        return type.cast(Proxy.newProxyInstance(H2ShimDriver.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    static String rewrite(String sql) {
        Matcher rename = SP_RENAME.matcher(sql);
        if (rename.matches()) {
            return "ALTER TABLE " + rename.group(1).replace("''", "'") + " RENAME TO \"" + rename.group(2).replace("''", "'") + "\"";
        }
        Matcher purge = PURGE.matcher(sql);
        if (purge.matches()) {
            return purge.group(1);
        }
        return sql.replace(" WITH LOCAL TIME ZONE", "");
    }

    private static Throwable translate(Throwable error, Mode mode) {
        if (error instanceof SQLException sql && (sql.getErrorCode() >= 42102 && sql.getErrorCode() <= 42104)) {
            return mode == Mode.ORACLE
                    ? new SQLException("ORA-00942: table or view does not exist (" + sql.getMessage() + ")", "42000", 942)
                    : new SQLException("Invalid object name (" + sql.getMessage() + ")", "S0002", 208);
        }
        return error;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && (url.startsWith("jdbc:oracle:") || url.startsWith("jdbc:sqlserver:"));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
