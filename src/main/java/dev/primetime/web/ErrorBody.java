package dev.primetime.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every non-2xx response. */
@Schema(name = "Error", description = "Every non-2xx response has this body.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(
        @JsonProperty("error_code") @Schema(example = "validation_error")
        String errorCode,

        @JsonProperty("error_message") @Schema(example = "title: must be 1 to 200 characters")
        String errorMessage,

        @JsonProperty("error_class") @Schema(example = "ValidationError")
        String errorClass,

        @JsonProperty("request_id") @Schema(example = "5f0c6a0e-8f0e-4c55-9d4c-0d6f3f1c2b7a")
        String requestId) {

    public static ErrorBody of(ErrorCode code, String message, String requestId) {
        return new ErrorBody(code.code(), message, code.errorClass(), requestId);
    }
}
