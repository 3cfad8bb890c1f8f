package io.berth.persistence.jpa.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A data source over another that records the SQL of every statement prepared or executed through its
 * connections, so that a test can count what one repository call sends to the database.
 */
final class StatementLog {
    private final List<String> sql = new ArrayList<>();
    private final DataSource dataSource;

    StatementLog(DataSource target) {
        this.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, a) -> {
                    Object result = invoke(target, m, a);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The statements recorded since the last call (upper-cased, white space collapsed), and forgets them. */
    synchronized List<String> take() {
        List<String> out = List.copyOf(sql);
        sql.clear();
        return out;
    }

    private synchronized void record(String statement) {
        sql.add(statement.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
    }

    private Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> {
                    if ((m.getName().equals("prepareStatement") || m.getName().equals("prepareCall"))
                            && a != null && a[0] instanceof String s) {
                        record(s);
                    }
                    if (m.getName().equals("createStatement")) {
                        record("<plain statement>");
                    }
                    return invoke(target, m, a);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
