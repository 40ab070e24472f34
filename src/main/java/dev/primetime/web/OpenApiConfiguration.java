package dev.primetime.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title, its bearer-token scheme and its tags. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    /** The API speaks snake_case; swagger-core models with its own (Jackson 2) mapper, so it is told too. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(true);
    }

    /** Every operation documents the error body for the statuses any endpoint can answer. */
    @Bean
    OpenApiCustomizer documentedErrorResponses() {
        return openApi -> {
            var resolved = ModelConverters.getInstance(true).readAllAsResolvedSchema(ErrorBody.class);
            openApi.getComponents().addSchemas("Error", resolved.schema);
            resolved.referencedSchemas.forEach(openApi.getComponents()::addSchemas);
            Schema<?> ref = new Schema<>().$ref("#/components/schemas/Error");
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        ApiResponses responses = operation.getResponses();
                        for (var status : new String[][] {
                            {"400", "Malformed request (malformed_request)"},
                            {"401", "Missing or invalid bearer token (unauthorized)"},
                            {"403", "The token's role may not use this endpoint (forbidden)"},
                            {"404", "Not found (not_found)"},
                            {"422", "Validation failed; the message names the field (validation_error)"},
                            {"429", "Rate limited (rate_limited); see Retry-After"},
                            {"500", "Internal error (internal_error)"}
                        }) {
                            if (!responses.containsKey(status[0])) {
                                responses.addApiResponse(
                                        status[0],
                                        new ApiResponse()
                                                .description(status[1])
                                                .content(new Content()
                                                        .addMediaType(
                                                                "application/json", new MediaType().schema(ref))));
                            }
                        }
                    }));
        };
    }

    @Bean
    OpenAPI primetimeOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Primetime scheduling API")
                        .version("v1")
                        .description("When should this piece of content go out, on which platform, so that the most"
                                + " people engage with it? Errors are always {error_code, error_message,"
                                + " error_class, request_id}."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A Supabase Auth access token. In development without"
                                                + " SUPABASE_JWT_SECRET, the token the service wrote to"
                                                + " .primetime/dev-token (also in its log). Each operation says whether"
                                                + " it needs one.")));
    }

    /**
     * Tags in the order a newcomer reads the API, each with a line saying what it holds; tags the controllers name
     * differently are renamed here, and any tag not listed keeps its place after these.
     */
    static final List<Tag> TAGS = List.of(
            tag("health and platforms", "Is the service up, and each platform's posting heuristics. No token needed."),
            tag("session", "Who a token says you are; the development token."),
            tag(
                    "recommendations",
                    "When to post, per platform and content type, with a confidence and a reason; your own history"
                            + " with a token, platform defaults without."),
            tag("calendar", "Schedules and their items: create, list, move, start, cancel."),
            tag("optimize", "Re-time a schedule's movable items with the solver, at once or as a run."),
            tag("engagement", "What published posts earned (KPI events); the recommendation model learns from them."),
            tag("trials", "A/B trials of weekly posting slots, allocated by Thompson sampling."),
            tag("realtime", "Every change as it happens, over a WebSocket; the item.due webhook."));

    private static final Map<String, String> RENAMED =
            Map.of("utility", "health and platforms", "optimization", "optimize");

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    @Bean
    OpenApiCustomizer orderedTags() {
        return openApi -> {
            List<Tag> tags = new ArrayList<>(TAGS);
            if (openApi.getPaths() != null) {
                openApi.getPaths()
                        .values()
                        .forEach(path -> path.readOperations().forEach(operation -> {
                            if (operation.getTags() != null) {
                                operation.setTags(operation.getTags().stream()
                                        .map(t -> RENAMED.getOrDefault(t, t))
                                        .distinct()
                                        .toList());
                            }
                        }));
            }
            if (openApi.getTags() != null) {
                openApi.getTags().stream()
                        .filter(t -> !RENAMED.containsKey(t.getName()))
                        .filter(t ->
                                tags.stream().noneMatch(known -> known.getName().equals(t.getName())))
                        .forEach(tags::add);
            }
            openApi.setTags(tags);
        };
    }
}
