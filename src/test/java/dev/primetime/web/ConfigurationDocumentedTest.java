package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/CONFIGURATION.md and the deployment files stay in step with the settings the code has. */
class ConfigurationDocumentedTest {
    private static final String DOC = read(Path.of("docs/CONFIGURATION.md"));

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> properties = new ArrayList<>();
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asString();
            properties.add(name);
            assertThat(DOC).as(name).contains("`" + name + "`");
            if (property.has("defaultValue")) {
                String row = DOC.lines()
                        .filter(l -> l.contains("`" + name + "`"))
                        .findFirst()
                        .orElseThrow();
                assertThat(row)
                        .as(name)
                        .contains("`" + property.path("defaultValue").asString().toLowerCase() + "`");
            }
        }
        assertThat(properties).contains("primetime.database.url", "primetime.auth.jwt-secret", "primetime.environment");
    }

    @Test
    void everyEnvironmentVariableIsDocumented() {
        String yaml = read(Path.of("src/main/resources/application.yaml"));
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(yaml);
        TreeSet<String> variables = new TreeSet<>();
        while (m.find()) {
            variables.add(m.group(1));
        }
        assertThat(variables).contains("DATABASE_URL", "SUPABASE_JWT_SECRET", "API_PORT");
        variables.forEach(v -> assertThat(DOC).as(v).contains("`" + v + "`"));
    }

    @Test
    void composePassesOnlyVariablesTheServiceReads() {
        String yaml = read(Path.of("src/main/resources/application.yaml"));
        String compose = read(Path.of("compose.yaml"));
        String service = compose.substring(compose.indexOf("  primetime:"));
        Matcher m = Pattern.compile("\\n      ([A-Z][A-Z0-9_]*):").matcher(service);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(yaml).as(m.group(1)).contains("${" + m.group(1));
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theImageRunsAsAnUnprivilegedUserAndChecksTheHealthEndpoint() {
        String dockerfile = read(Path.of("Dockerfile"));
        assertThat(dockerfile)
                .contains("USER primetime")
                .contains("HEALTHCHECK")
                .contains("/api/v1/scheduling/health");
        assertThat(dockerfile).contains("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(read(Path.of("pom.xml"))).contains("<finalName>primetime</finalName>");
    }
}
