package dev.primetime.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's platform enumerations come from the catalog: every {@code platform} parameter and string
 * property lists the catalog's ids and aliases, and {@code platforms} (a comma-separated list) names them. springdoc
 * builds the document once, on its first request, so a platform added later appears there after a restart; the
 * service itself accepts it within the refresh interval.
 */
@Configuration(proxyBeanMethods = false)
class PlatformOpenApi {
    static final String PLATFORM = "platform";
    static final String PLATFORMS = "platforms";

    @Bean
    OpenApiCustomizer platformEnumerations(PlatformCatalog catalog) {
        return openApi -> enumerate(openApi, catalog);
    }

    static void enumerate(OpenAPI openApi, PlatformCatalog catalog) {
        List<String> names = new ArrayList<>();
        catalog.all().forEach(p -> names.add(p.platform().id()));
        catalog.all().forEach(p -> names.addAll(p.aliases()));
        String listed = "Comma-separated platform ids or aliases from GET /platforms: " + String.join(", ", names);
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(path -> {
                for (Operation operation : path.readOperations()) {
                    if (operation.getParameters() == null) {
                        continue;
                    }
                    for (Parameter parameter : operation.getParameters()) {
                        if (PLATFORM.equals(parameter.getName()) && isString(parameter.getSchema())) {
                            setEnum(parameter.getSchema(), names);
                        } else if (PLATFORMS.equals(parameter.getName())) {
                            parameter.setDescription(
                                    parameter.getDescription() == null
                                            ? listed
                                            : parameter.getDescription() + ". " + listed);
                        }
                    }
                }
            });
        }
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
                Map<String, Schema> properties = schema.getProperties();
                if (properties != null && isString(properties.get(PLATFORM))) {
                    setEnum(properties.get(PLATFORM), names);
                }
            }
        }
    }

    private static boolean isString(Schema<?> schema) {
        return schema != null
                && schema.get$ref() == null
                && ("string".equals(schema.getType())
                        || (schema.getTypes() != null && schema.getTypes().contains("string")));
    }

    @SuppressWarnings("unchecked")
    private static void setEnum(Schema<?> schema, List<String> names) {
        ((Schema<String>) schema).setEnum(new ArrayList<>(names));
    }
}
