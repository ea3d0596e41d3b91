package io.weatherforecast.service.problem;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.weatherforecast.service.api.ApiCode;
import io.weatherforecast.service.input.RequestBodyTooLargeException;

/**
 * Answers every client error as an RFC 9457 problem detail, in the caller's language
 * (English or Simplified Chinese, from {@code Accept-Language}; the messages are
 * {@code weather-messages*.properties}), repeating at most
 * {@link ProblemProperties#maxEchoLength()} characters of any value the caller sent.
 * Spring already answers with problem details; this advice replaces its generic details
 * ("Validation failure", "Failed to read request") with ones that tell the caller what to
 * fix, and answers the request errors that Spring leaves to the last resort (unreadable
 * parameters, a broken multipart or media type) as the 400s they are.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private final ProblemProperties properties;

    public ProblemDetailsAdvice(ProblemProperties properties) {
        this.properties = properties;
    }

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
        String detail = ex.getAllErrors()
            .stream()
            .map(error -> (error instanceof org.springframework.validation.FieldError field)
                    ? field.getField() + ": " + error.getDefaultMessage() : error.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
        return problem(ex, headers, status, request, detail);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String expected = (ex.getRequiredType() != null) ? describe(ex.getRequiredType())
                : message("weather.problem.expected.other");
        String detail = message("weather.problem.type-mismatch", ex.getPropertyName(), expected,
                this.properties.echo(ex.getValue()));
        return problem(ex, headers, status, request, detail);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyTooLargeException tooLarge = find(ex, RequestBodyTooLargeException.class);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge, request);
        }
        String detail = message("weather.problem.not-json");
        if (ex.getCause() instanceof InvalidFormatException invalid) {
            detail = message("weather.problem.invalid-value", this.properties.echo(invalid.getValue()),
                    jsonPath(invalid), describe(invalid.getTargetType()));
        }
        else if (ex.getCause() instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                && !mismatched.getPath().isEmpty()) {
            detail = message("weather.problem.mismatched-input", jsonPath(mismatched),
                    describe(mismatched.getTargetType()));
        }
        return problem(ex, headers, status, request, detail);
    }

    /**
     * Thrown by {@code RequestBodyFilter} when a body without a length grows too large.
     */
    @ExceptionHandler
    ResponseEntity<Object> handleBodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
        return bodyTooLarge(ex, request);
    }

    /**
     * Tomcat parses the query and form parameters on first use and throws this when they
     * are malformed (bad percent-encoding, more than server.tomcat.max-parameter-count
     * parameters, a form body over server.tomcat.max-http-form-post-size): a client
     * error, with the status Tomcat chose for it (400 or 413).
     */
    @ExceptionHandler
    ResponseEntity<Object> handleInvalidParameters(InvalidParameterException ex, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(ex.getErrorCode());
        if (status == null || !status.is4xxClientError()) {
            status = HttpStatus.BAD_REQUEST;
        }
        return problem(ex, new HttpHeaders(), status, request, message("weather.problem.invalid-parameters"));
    }

    /** A multipart body Tomcat cannot read (no boundary, too many parts). */
    @ExceptionHandler
    ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
        return problem(ex, new HttpHeaders(), HttpStatus.BAD_REQUEST, request,
                message("weather.problem.invalid-multipart"));
    }

    /** A Content-Type or Accept header that is no media type at all. */
    @ExceptionHandler
    ResponseEntity<Object> handleInvalidMediaType(InvalidMediaTypeException ex, WebRequest request) {
        return problem(ex, new HttpHeaders(), HttpStatus.BAD_REQUEST, request,
                message("weather.problem.invalid-media-type", this.properties.echo(ex.getMediaType())));
    }

    /**
     * The last resort: a bug must not show a stack trace or an HTML page to the caller.
     */
    @ExceptionHandler
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        logger.error("Unexpected failure", ex);
        return problem(ex, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request,
                message("weather.problem.unexpected"));
    }

    /**
     * Every problem this advice answers passes here: Spring's own ones get their detail
     * from the messages with the caller's values cut short, and every title and detail is
     * localized and bounded.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = localize(error);
        }
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, status, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem) {
            problem.setTitle(title(problem.getStatus(), problem.getTitle()));
            problem.setDetail(this.properties.detail(problem.getDetail()));
            if (request instanceof ServletWebRequest servlet) {
                problem.setInstance(this.properties.instance(servlet.getRequest().getRequestURI()));
            }
        }
        return entity;
    }

    private ProblemDetail localize(ErrorResponse error) {
        ProblemDetail problem = error.getBody();
        Object[] arguments = error.getDetailMessageArguments();
        Object[] echoed = (arguments != null) ? Arrays.stream(arguments).map(this::echoArgument).toArray() : null;
        String detail = messageOrNull(error.getDetailMessageCode(), echoed);
        if (detail == null && !(error instanceof ProblemSource)) {
            // A Spring exception the messages do not name: its own detail may repeat the
            // request in full, so say only what the status says.
            detail = messageOrNull("problem.detail." + problem.getStatus());
        }
        if (detail != null) {
            problem.setDetail(detail);
        }
        String title = messageOrNull(error.getTitleMessageCode());
        if (title != null) {
            problem.setTitle(title);
        }
        return problem;
    }

    private Object echoArgument(Object argument) {
        if (argument instanceof Collection<?> values) {
            return this.properties.echo(values.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return (argument instanceof Number) ? argument : this.properties.echo(argument);
    }

    private ResponseEntity<Object> bodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
        return problem(ex, new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request,
                message("weather.problem.body-too-large", ex.limit()));
    }

    private ResponseEntity<Object> problem(Exception ex, HttpHeaders headers, HttpStatusCode status, WebRequest request,
            String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    private String title(int status, @Nullable String fallback) {
        String title = messageOrNull("problem.title." + status);
        if (title != null && (fallback == null || fallback.equals(reasonPhrase(status)))) {
            return title;
        }
        return (fallback != null) ? fallback : reasonPhrase(status);
    }

    private static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return (known != null) ? known.getReasonPhrase() : "Error";
    }

    private String message(String code, Object... arguments) {
        String message = messageOrNull(code, arguments);
        return (message != null) ? message : code;
    }

    private @Nullable String messageOrNull(@Nullable String code, Object @Nullable ... arguments) {
        MessageSource messages = getMessageSource();
        if (code == null || messages == null) {
            return null;
        }
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(code, arguments, null, locale);
    }

    private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
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

    private String messages(List<? extends MessageSourceResolvable> errors) {
        return errors.stream()
            .map(MessageSourceResolvable::getDefaultMessage)
            .map(this.properties::echo)
            .collect(Collectors.joining(", "));
    }

    private String describe(Class<?> type) {
        if (type.isEnum() && ApiCode.class.isAssignableFrom(type)) {
            return message("weather.problem.expected.one-of",
                    Arrays.stream(type.getEnumConstants())
                        .map(constant -> ((ApiCode) constant).code())
                        .collect(Collectors.joining(", ")));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return message("weather.problem.expected.whole-number");
        }
        return message("weather.problem.expected.type", type.getSimpleName());
    }

}
