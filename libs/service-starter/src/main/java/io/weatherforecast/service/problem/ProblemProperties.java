package io.weatherforecast.service.problem;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what a problem detail repeats of the request.
 *
 * @param maxEchoLength the longest part of the request (a parameter value, a method, a
 * media type, a path) that a problem detail repeats; longer ones are cut and end in "…"
 * @param maxDetailLength the longest detail a problem carries, whatever produced it
 */
@ConfigurationProperties("weather.problem")
public record ProblemProperties(@DefaultValue("64") int maxEchoLength, @DefaultValue("300") int maxDetailLength) {

    /**
     * The value as a problem may repeat it: at most {@link #maxEchoLength} characters.
     */
    public String echo(Object value) {
        return cut(String.valueOf(value), this.maxEchoLength);
    }

    /**
     * The problem's instance: the request's path, cut like any echo (Spring would put the
     * whole path there).
     */
    URI instance(String path) {
        try {
            return URI.create(cut(path, this.maxEchoLength));
        }
        catch (IllegalArgumentException ex) {
            return URI.create("about:blank");
        }
    }

    String detail(String detail) {
        return (detail != null) ? cut(detail, this.maxDetailLength) : null;
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

}
