package io.weatherforecast.weather.city;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import io.weatherforecast.service.problem.ProblemSource;

/**
 * Answered as a 404 problem detail, in the caller's language (message
 * {@code weather.problem.unknown-city}).
 */
public class UnknownCityException extends ErrorResponseException implements ProblemSource {

    private static final int MAX_ECHOED_LENGTH = 40;

    public UnknownCityException(String id) {
        super(HttpStatus.NOT_FOUND, problem(shown(id)), null, "weather.problem.unknown-city",
                new Object[] { shown(id) });
    }

    private static String shown(String id) {
        return id.length() > MAX_ECHOED_LENGTH ? id.substring(0, MAX_ECHOED_LENGTH) + "…" : id;
    }

    private static ProblemDetail problem(String shown) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Unknown city '" + shown + "'. The list of cities tells the supported ids.");
        problem.setTitle("Unknown city");
        return problem;
    }

}
