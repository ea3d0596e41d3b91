package io.weatherforecast.weather.city;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Answered as a 404 problem detail. */
public class UnknownCityException extends ErrorResponseException {

    private static final int MAX_ECHOED_LENGTH = 40;

    public UnknownCityException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        String shown = id.length() > MAX_ECHOED_LENGTH ? id.substring(0, MAX_ECHOED_LENGTH) + "…" : id;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Unknown city '" + shown + "'. The list of cities tells the supported ids.");
        problem.setTitle("Unknown city");
        return problem;
    }

}
