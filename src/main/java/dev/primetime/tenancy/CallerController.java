package dev.primetime.tenancy;

import dev.primetime.tenancy.CallerViews.CallerView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the service thinks the caller is: the quickest way to check a token and its tenant. */
@RestController
@Tag(name = "session")
class CallerController {

    @GetMapping(SecurityConfiguration.API + "/me")
    @Operation(summary = "The tenant, subject and role of the bearer token")
    CallerView me(Caller caller) {
        return new CallerView(caller.tenantId(), caller.subject(), caller.role());
    }
}
