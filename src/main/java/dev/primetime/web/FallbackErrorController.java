package dev.primetime.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised before Spring MVC (by the servlet container) still answer in the documented shape. */
@RestController
@Hidden
class FallbackErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        ErrorCode error = ErrorCode.forStatus(code);
        String message = code == 404 ? "no such path" : error.code().replace('_', ' ');
        String requestId = RequestIds.of(request);
        // errors the container raised itself (TRACE, say) come here without passing RequestIdFilter
        return ResponseEntity.status(error.status())
                .header(RequestIds.HEADER, requestId)
                .body(ErrorBody.of(error, message, requestId));
    }
}
