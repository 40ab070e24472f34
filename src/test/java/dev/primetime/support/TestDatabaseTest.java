package dev.primetime.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.primetime.database.DatabaseLocator;
import dev.primetime.database.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clean-up of databases that killed runs left behind drops those and nothing a live run is using. */
class TestDatabaseTest {
    private final DatabaseUrl admin = TestDatabase.adminUrl();
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void dropWhatIsLeft() throws SQLException {
        try (Connection c = DatabaseLocator.connect(admin);
                var s = c.createStatement()) {
            for (String name : created) {
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        }
    }

    private String database(Instant createdAt) throws SQLException {
        String name = TestDatabase.PREFIX + createdAt.getEpochSecond() + "_"
                + Long.toHexString(System.nanoTime() & 0xffffff | 0x1000000);
        try (Connection c = DatabaseLocator.connect(admin);
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        }
        created.add(name);
        return name;
    }

    private boolean exists(String name) throws SQLException {
        try (Connection c = DatabaseLocator.connect(admin);
                var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            return s.executeQuery().next();
        }
    }

    @Test
    void dropsOnlyLeftoversOlderThanTheLimitThatNobodyUses() throws SQLException {
        Instant now = Instant.now();
        String abandoned = database(now.minus(TestDatabase.STALE_AFTER).minusSeconds(60));
        String inUse = database(now.minus(TestDatabase.STALE_AFTER).minusSeconds(60));
        String young = database(now.minus(TestDatabase.STALE_AFTER).plusSeconds(60));

        try (Connection ignored = DatabaseLocator.connect(admin.withDatabase(inUse))) {
            List<String> dropped = TestDatabase.dropStale(admin, now);

            assertThat(dropped).contains(abandoned).doesNotContain(inUse, young);
            assertThat(exists(abandoned)).isFalse();
            assertThat(exists(inUse)).isTrue();
            assertThat(exists(young)).isTrue();
            // this run's own database is young and connected to by nobody yet: it stays too
            assertThat(exists(TestDatabase.url().jdbcUrl().replaceAll(".*/([^/?]+).*", "$1")))
                    .isTrue();
        }
    }
}
