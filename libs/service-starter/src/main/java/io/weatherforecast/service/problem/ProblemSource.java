package io.weatherforecast.service.problem;

import org.springframework.web.ErrorResponse;

/**
 * An {@link ErrorResponse} of this project: its detail is written for the caller already,
 * and its message code (in {@code weather-messages*.properties}) translates it. Spring's
 * own exceptions whose code the messages do not name get a detail that repeats nothing of
 * the request.
 */
public interface ProblemSource extends ErrorResponse {

}
