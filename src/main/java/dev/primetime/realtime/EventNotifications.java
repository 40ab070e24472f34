package dev.primetime.realtime;

import com.zaxxer.hikari.HikariDataSource;
import dev.primetime.database.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@code primetime_events} (V6's trigger notifies "tenant:event_id" when an event commits) on its own
 * connection, outside the pool, owned by one thread that reconnects after any failure and then has every channel
 * re-read, since notifications sent while it was away are lost.
 */
@Component
class EventNotifications implements SmartLifecycle {
    static final String CHANNEL = "primetime_events";
    private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_EVERY_NANOS = 10_000_000_000L;
    // how long the listener waits for its own check notification before it takes the connection as broken
    private static final long CHECK_ANSWER_NANOS = 5_000_000_000L;
    private final DataSource dataSource;
    private final EventFanout fanout;
    private final RealtimeProperties properties;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    EventNotifications(DataSource dataSource, EventFanout fanout, RealtimeProperties properties) {
        this.dataSource = dataSource;
        this.fanout = fanout;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("event-listener").start(this::listen);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether the LISTEN is in place now (for health and tests). */
    boolean isListening() {
        return listening;
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                listening = true;
                fanout.notifiedAll();
                PGConnection pg = connection.unwrap(PGConnection.class);
                ListenerCheck check = new ListenerCheck(CHECK_EVERY_NANOS, CHECK_ANSWER_NANOS, System.nanoTime());
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            if (!check.heard(n.getParameter())) {
                                dispatch(n.getParameter());
                            }
                        }
                    }
                    if (check.broken(System.nanoTime())) {
                        throw new SQLException("the listener did not receive its own notification: LISTEN does not"
                                + " work through this connection (a transaction-mode pooler?); set DATABASE_LISTEN_URL"
                                + " to a session-mode or direct connection");
                    }
                    String payload = check.due(System.nanoTime());
                    if (payload != null) {
                        try (var notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                            notify.setString(1, CHANNEL);
                            notify.setString(2, payload);
                            notify.execute();
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("event listener lost its connection; reconnecting: {}", e.toString());
                }
            } finally {
                listening = false;
            }
            sleep();
        }
    }

    private void dispatch(String payload) {
        int colon = payload.lastIndexOf(':');
        if (colon <= 0) {
            return;
        }
        try {
            fanout.notified(payload.substring(0, colon), Long.parseLong(payload.substring(colon + 1)));
        } catch (NumberFormatException e) {
            log.debug("ignoring notification {}", payload);
        }
    }

    private Connection connect() throws SQLException {
        if (properties.listenUrl() != null) {
            DatabaseUrl url = DatabaseUrl.parse(properties.listenUrl());
            Properties props = new Properties();
            String user = url.user();
            String password = url.password();
            if (dataSource instanceof HikariDataSource hikari) { // what the URL leaves out, the pool's
                user = user == null ? hikari.getUsername() : user;
                password = password == null ? hikari.getPassword() : password;
            }
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            props.setProperty("ApplicationName", "primetime-event-listener");
            return DriverManager.getConnection(url.jdbcUrl(), props);
        }
        if (dataSource instanceof HikariDataSource hikari) {
            Properties props = new Properties();
            if (hikari.getUsername() != null) {
                props.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                props.setProperty("password", hikari.getPassword());
            }
            props.setProperty("ApplicationName", "primetime-event-listener");
            return DriverManager.getConnection(hikari.getJdbcUrl(), props);
        }
        return dataSource.getConnection();
    }

    private void sleep() {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(properties.reconnectDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
