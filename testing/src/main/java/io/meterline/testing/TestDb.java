package io.meterline.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Plain JDBC connections to the test database for fixtures and assertions, reused instead of opened per query
 * (a Postgres connection costs a backend start and an authentication; a verification loop opened thousands).
 *
 * <p>{@link #connection()} lends an idle connection or opens one; its {@code close()} hands it back, in
 * autocommit mode (a transaction left open is rolled back first). One connection is never lent twice at once, so
 * any thread may borrow (Awaitility's polling threads, parallel tests); the idle set is only as large as the most
 * connections ever borrowed at the same time. A connection that failed closed is dropped, not handed back.
 */
public final class TestDb {

    private static final ConcurrentLinkedDeque<Connection> IDLE = new ConcurrentLinkedDeque<>();

    private TestDb() {
    }

    /** A connection to the test database in autocommit mode; close it (try-with-resources) to hand it back. */
    public static Connection connection() throws SQLException {
        Connection physical = IDLE.pollFirst();
        if (physical == null) {
            TestEndpoints e = TestEndpoints.get();
            physical = DriverManager.getConnection(e.pgJdbcUrl(), e.pgUser(), e.pgPassword());
        }
        return lend(physical);
    }

    /** Closes the idle connections, when the services of a test run stop (a connection still lent stays open). */
    public static void closeIdle() {
        for (Connection c = IDLE.pollFirst(); c != null; c = IDLE.pollFirst()) {
            try {
                c.close();
            } catch (SQLException e) {
                // the backend is gone already: nothing left to release
            }
        }
    }

    private static Connection lend(Connection physical) {
        boolean[] returned = {false};
        return (Connection) Proxy.newProxyInstance(TestDb.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        if (!returned[0]) {
                            returned[0] = true;
                            handBack(physical);
                        }
                        yield null;
                    }
                    case "isClosed" -> returned[0] || physical.isClosed();
                    default -> {
                        if (returned[0]) {
                            throw new SQLException("connection already handed back to TestDb");
                        }
                        try {
                            yield method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    private static void handBack(Connection physical) throws SQLException {
        if (physical.isClosed()) {
            return;
        }
        try {
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            IDLE.offerFirst(physical);
        } catch (SQLException e) {
            physical.close();
            throw e;
        }
    }
}
