package dev.primetime.tenancy;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the token appears in the OpenAPI document. A {@link Caller} parameter is filled from the verified token, not
 * from the request, so it is no parameter of the operation (springdoc documented it as a required query object,
 * and Swagger UI's "Try it out" sent {@code ?tenant_id=string&…}); instead the operation requires the bearer token.
 * Operations without one take a token optionally: it is checked when sent, and may change the answer.
 */
@Configuration(proxyBeanMethods = false)
class CallerOpenApi {
    /** The name of the HTTP bearer scheme in the document's components. */
    static final String BEARER = "bearer";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OperationCustomizer tokenRequirement() {
        return (operation, handler) -> {
            boolean needsCaller =
                    Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == Caller.class);
            operation.setSecurity(
                    needsCaller
                            ? List.of(new SecurityRequirement().addList(BEARER))
                            : List.of(new SecurityRequirement(), new SecurityRequirement().addList(BEARER)));
            return operation;
        };
    }
}
