package dev.primetime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockHttpServletRequest;

/** Database errors that a request caused are its fault (4xx), not the service's (500). */
class DatabaseErrorMappingTest {
    private final ApiExceptionHandler handler = new ApiExceptionHandler(null);

    @Test
    void aDateTimeTheDatabaseCannotHoldIs422() {
        for (String state : new String[] {"22008", "22007"}) {
            var response = handler.dataAccess(
                    new DataIntegrityViolationException("bad time", new SQLException("out of range", state)),
                    new MockHttpServletRequest());

            assertThat(response.getStatusCode().value()).as(state).isEqualTo(422);
            assertThat(response.getBody().errorCode()).isEqualTo("validation_error");
            assertThat(response.getBody().errorMessage()).contains("1970-01-01T00:00:00Z");
        }
    }

    @Test
    void anyOtherDataErrorIsStillA500() {
        var response = handler.dataAccess(
                new DataIntegrityViolationException("?", new SQLException("division by zero", "22012")),
                new MockHttpServletRequest());

        assertThat(response.getStatusCode().value()).isEqualTo(500);
    }
}
