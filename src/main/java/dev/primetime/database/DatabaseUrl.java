package dev.primetime.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location as JDBC wants it. {@code DATABASE_URL} may be the libpq form
 * ({@code postgresql://user:pass@host:port/db?sslmode=require}, what Supabase and most hosts show) or a JDBC
 * URL ({@code jdbc:postgresql://host:port/db?user=…}).
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    public static DatabaseUrl parse(String raw) {
        String value = raw == null ? "" : raw.trim();
        if (value.startsWith("jdbc:postgresql://")) {
            return new DatabaseUrl(value, null, null);
        }
        if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
            throw invalid("it must start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("it has no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isBlank()) {
            throw invalid("it names no database (…/dbname)");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl(
                "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + query, user, password);
    }

    /** The same server, another database (tests create one per run). */
    public DatabaseUrl withDatabase(String database) {
        int schemeEnd = "jdbc:postgresql://".length();
        int slash = jdbcUrl.indexOf('/', schemeEnd);
        int query = jdbcUrl.indexOf('?', schemeEnd);
        String server = jdbcUrl.substring(0, slash < 0 ? (query < 0 ? jdbcUrl.length() : query) : slash);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return new DatabaseUrl(server + "/" + database + params, user, password);
    }

    /** Host, port and database, never the password: safe to log. */
    public String describe() {
        int query = jdbcUrl.indexOf('?');
        return (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)).substring("jdbc:".length())
                + (user == null ? "" : " as " + user);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static StartupRefusedException invalid(String why) {
        return new StartupRefusedException(
                "DATABASE_URL is not a PostgreSQL URL: " + why,
                "Use postgresql://user:password@host:5432/dbname or jdbc:postgresql://host:5432/dbname?user=…");
    }
}
