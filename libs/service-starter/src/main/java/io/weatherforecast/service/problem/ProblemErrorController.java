package io.weatherforecast.service.problem;

import java.util.Locale;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.weatherforecast.service.input.InputAutoConfiguration;

/**
 * Answers what reaches the error page as a problem detail, in place of Spring Boot's
 * error JSON and HTML: errors that Tomcat or a filter raised with {@code sendError}
 * before Spring MVC ran (TRACE, a body over its limit, a bad URI), and failures outside
 * the controllers.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final MessageSource messages;

    private final ProblemProperties properties;

    ProblemErrorController(MessageSource messages, ProblemProperties properties) {
        this.messages = messages;
        this.properties = properties;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(
                this.messages.getMessage("problem.title." + status.value(), null, status.getReasonPhrase(), locale));
        String detail = (request
            .getAttribute(InputAutoConfiguration.PROBLEM_DETAIL_ATTRIBUTE) instanceof MessageSourceResolvable specific)
                    ? this.messages.getMessage(specific, locale)
                    : this.messages.getMessage("problem.detail." + status.value(), null, null, locale);
        problem.setDetail(detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            problem.setInstance(this.properties.instance(path));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
        return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }

}
