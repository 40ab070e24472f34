package dev.primetime.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void readsTheLibpqForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db.example.com:6543/primetime?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/primetime?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
    }

    @Test
    void defaultsThePortTo5432AndAcceptsPostgresScheme() {
        assertThat(DatabaseUrl.parse("postgres://u@localhost/db").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/db");
    }

    @Test
    void keepsAJdbcUrlAsItIs() {
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        assertThat(DatabaseUrl.parse(jdbc).jdbcUrl()).isEqualTo(jdbc);
    }

    @Test
    void neverShowsThePasswordInItsDescription() {
        assertThat(DatabaseUrl.parse("postgresql://app:hunter2@h:1/d").describe())
                .doesNotContain("hunter2")
                .contains("h:1/d");
    }

    @Test
    void rejectsWhatIsNotAPostgresUrlWithOneLineReason() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y"))
                .isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith("DATABASE_URL is not a PostgreSQL URL");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://host-only")).hasMessageContaining("names no database");
    }

    @Test
    void swapsTheDatabaseKeepingServerAndParameters() {
        DatabaseUrl url =
                DatabaseUrl.parse("postgresql://u:p@h:1/d?sslmode=require").withDatabase("other");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/other?sslmode=require");
        assertThat(url.user()).isEqualTo("u");
    }
}
