package dev.primetime.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and its bearer-token scheme. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    /** The API speaks snake_case; swagger-core models with its own (Jackson 2) mapper, so it is told too. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(
                Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
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
                                        .bearerFormat("JWT (Supabase Auth)")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
