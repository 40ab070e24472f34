package dev.primetime.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the error body from places that run outside Spring MVC (security and rate-limit filters), so
 * that they answer in exactly the shape the controllers do.
 */
@Component
public class ErrorResponses {
    private final JsonMapper json;

    ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(RequestIds.HEADER, RequestIds.of(request));
        json.writeValue(response.getOutputStream(), ErrorBody.of(code, message, RequestIds.of(request)));
    }
}
