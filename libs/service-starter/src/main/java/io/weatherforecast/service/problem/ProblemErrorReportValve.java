package io.weatherforecast.service.problem;

import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.LocaleResolver;

import io.weatherforecast.service.input.InputAutoConfiguration;

/**
 * Answers every error that no controller answered as a problem detail: one Tomcat refused
 * before the application saw the request (a request line or header, a URI it cannot
 * decode), one a filter refused with {@code sendError} (its detail in
 * {@link InputAutoConfiguration#PROBLEM_DETAIL_ATTRIBUTE}), a failure outside the
 * controllers, and an error status set without a body (Spring Boot's welcome page answers
 * a request that does not accept HTML with a bare 406). There is no error page
 * (service-defaults.yml excludes Spring Boot's, whose JSON is not RFC 9457): written by
 * hand because Tomcat's only alternative, JsonErrorReportValve, is not RFC 9457 either.
 * Where Tomcat can no longer write a body (the connection is broken, or Tomcat answers
 * before it has parsed a request at all), nothing can.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final MessageSource messages;

    private final LocaleResolver locales;

    private final ProblemProperties properties;

    ProblemErrorReportValve(MessageSource messages, LocaleResolver locales, ProblemProperties properties) {
        this.messages = messages;
        this.locales = locales;
        this.properties = properties;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        if (!response.isError() && response.getContentType() == null && !"HEAD".equals(request.getMethod())) {
            response.setError();
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!response.setErrorReported() || !ioAllowed.get()) {
            return;
        }
        Locale locale = locale(request);
        HttpStatus known = HttpStatus.resolve(status);
        String reason = (known != null) ? known.getReasonPhrase() : "Error";
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", this.messages.getMessage("problem.title." + status, null, reason, locale));
        problem.put("status", status);
        MessageSourceResolvable detail = (request
            .getAttribute(InputAutoConfiguration.PROBLEM_DETAIL_ATTRIBUTE) instanceof MessageSourceResolvable specific)
                    ? specific
                    : new DefaultMessageSourceResolvable(new String[] { "problem.detail." + status }, reason);
        problem.put("detail", this.messages.getMessage(detail, locale));
        String path = request.getRequestURI();
        if (path != null && path.startsWith("/")) {
            problem.put("instance", this.properties.instance(path).toString());
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JsonMapper.shared().writeValueAsString(problem));
                response.finishResponse();
            }
        }
        catch (Exception ex) {
            // the client is gone: nothing left to tell
        }
    }

    private Locale locale(Request request) {
        try {
            return this.locales.resolveLocale(request);
        }
        catch (RuntimeException unreadable) {
            return Locale.ENGLISH;
        }
    }

}
