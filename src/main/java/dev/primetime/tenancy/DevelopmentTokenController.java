package dev.primetime.tenancy;

import dev.primetime.database.DeploymentEnvironment;
import dev.primetime.tenancy.CallerViews.DevelopmentTokenView;
import dev.primetime.web.ApiException;
import dev.primetime.web.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands the generated development token to the web page, so a person trying the service need not copy it from the
 * log. Only in {@code development}, only while the token was generated (no real verification configured), and only
 * to a browser on the same machine: anyone else who could reach the port would otherwise get a working token.
 */
@RestController
@Tag(name = "session")
class DevelopmentTokenController {
    static final String PATH = SecurityConfiguration.API + "/dev-token";
    private static final String UNAVAILABLE = "the development token is offered only when ENVIRONMENT=development,"
            + " neither SUPABASE_JWT_SECRET nor SUPABASE_URL is set, and the request comes from this machine";

    private final DevelopmentToken developmentToken;
    private final DeploymentEnvironment environment;

    DevelopmentTokenController(DevelopmentToken developmentToken, DeploymentEnvironment environment) {
        this.developmentToken = developmentToken;
        this.environment = environment;
    }

    @GetMapping(PATH)
    @Operation(summary = "Development only, from this machine: the token generated at start-up; 404 everywhere else")
    ResponseEntity<DevelopmentTokenView> developmentToken(HttpServletRequest request) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(offer(request.getRemoteAddr()));
    }

    DevelopmentTokenView offer(String remoteAddress) {
        if (environment != DeploymentEnvironment.DEVELOPMENT || !loopback(remoteAddress)) {
            throw new ApiException(ErrorCode.NOT_FOUND, UNAVAILABLE);
        }
        return developmentToken
                .get()
                .map(token -> new DevelopmentTokenView(
                        token, developmentToken.tenant().orElseThrow()))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, UNAVAILABLE));
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            // getByName does not resolve names when given an IP literal, which is all getRemoteAddr returns.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
