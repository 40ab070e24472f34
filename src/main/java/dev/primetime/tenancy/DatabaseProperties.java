package dev.primetime.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. {@code url} is DATABASE_URL; when it is empty the service uses a PostgreSQL on
 * localhost:5432 if one answers ({@code localProbe}), else starts an embedded one in {@code dataDirectory}.
 */
@ConfigurationProperties("primetime.database")
public record DatabaseProperties(String url, String appRole, boolean localProbe, String dataDirectory, int poolSize) {

    public DatabaseProperties {
        appRole = appRole == null || appRole.isBlank() ? "primetime_app" : appRole;
        dataDirectory = dataDirectory == null || dataDirectory.isBlank() ? ".primetime/postgres" : dataDirectory;
        poolSize = poolSize <= 0 ? 20 : poolSize;
    }
}
