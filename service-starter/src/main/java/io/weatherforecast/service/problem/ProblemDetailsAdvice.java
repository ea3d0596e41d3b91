package io.weatherforecast.service.problem;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.weatherforecast.service.api.ApiCode;

/**
 * Answers every client error as an RFC 9457 problem detail. Spring already does so; this
 * advice only replaces its generic details ("Validation failure", "Failed to read
 * request") with ones that tell the caller what to fix.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getParameterValidationResults()
            .stream()
            .map(result -> result.getMethodParameter().getParameterName() + ": "
                    + messages(result.getResolvableErrors()))
            .collect(Collectors.joining("; "));
        return problem(ex, headers, status, request, detail);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getFieldErrors()
            .stream()
            .map(error -> error.getField() + ": " + error.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
        return problem(ex, headers, status, request, detail);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String expected = ex.getRequiredType() == null ? "another type" : describe(ex.getRequiredType());
        String detail = "'" + ex.getPropertyName() + "' must be " + expected + ", was '" + ex.getValue() + "'";
        return problem(ex, headers, status, request, detail);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "The request body is not valid JSON for this endpoint";
        if (ex.getCause() instanceof InvalidFormatException invalid) {
            detail = "Invalid value '" + invalid.getValue() + "' at " + jsonPath(invalid) + ": expected "
                    + describe(invalid.getTargetType());
        }
        return problem(ex, headers, status, request, detail);
    }

    /**
     * The last resort: a bug must not show a stack trace or an HTML page to the caller.
     */
    @ExceptionHandler
    ProblemDetail handleUnexpected(Exception ex) {
        logger.error("Unexpected failure", ex);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
    }

    private ResponseEntity<Object> problem(Exception ex, HttpHeaders headers, HttpStatusCode status, WebRequest request,
            String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(HttpStatus.valueOf(status.value()).getReasonPhrase());
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    /**
     * The path in the request body as a client wrote it, for example
     * {@code days[0].condition}.
     */
    private static String jsonPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String messages(List<? extends MessageSourceResolvable> errors) {
        return errors.stream().map(MessageSourceResolvable::getDefaultMessage).collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (type.isEnum() && ApiCode.class.isAssignableFrom(type)) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                .map(constant -> ((ApiCode) constant).code())
                .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }

}
