package io.weatherforecast.service.problem;

import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on an error that never reached the application (a request line or
 * header Tomcat refused, a URI it cannot decode): a problem detail in place of Tomcat's
 * HTML page. Written by hand because Tomcat's only alternative, JsonErrorReportValve, is
 * not RFC 9457. Where Tomcat can no longer write a body (the connection is broken, or
 * Tomcat answers before it has parsed a request at all), nothing can.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final MessageSource messages;

    ProblemErrorReportValve(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Locale locale = Locale.ENGLISH;
        try {
            locale = request.getLocale();
        }
        catch (RuntimeException unreadable) {
            // keep English
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = (known != null) ? known.getReasonPhrase() : "Error";
        String title = this.messages.getMessage("problem.title." + status, null, reason, locale);
        String detail = this.messages.getMessage("problem.detail." + status, null, reason, locale);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }
        catch (Exception ex) {
            // the client is gone: nothing left to tell
        }
    }

    /** The messages are ours, but escape them anyway. */
    private static String json(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

}
