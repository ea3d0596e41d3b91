package io.weatherforecast.service.identity;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weatherforecast.service.api.ApiCode;

import org.springframework.web.client.RestClientResponseException;

/**
 * One step of a request's route: the service that was called, whether and how it
 * answered, and how long the caller waited ({@code millis}, null where not measured).
 * {@code httpStatus} is the status of an error answer: in a mesh, also one the caller's
 * proxy made up (a fault-injection abort, 503 for an ejected or overflowing upstream).
 * {@code attempt} is the try that answered, as the callee read it from the header Envoy
 * sets on each try ({@code x-envoy-attempt-count}): 2 or more means the mesh retried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hop(String service, String version, String instance, Status status, Integer httpStatus, Long millis,
        Integer attempt) {

    public enum Status implements ApiCode {

        /** Answered. */
        OK,
        /**
         * No answer: connection refused or reset, name unknown, or its circuit breaker
         * open.
         */
        UNAVAILABLE,
        /** No answer in time. */
        TIMEOUT,
        /** Answered with an error status ({@code httpStatus}). */
        ERROR

    }

    /**
     * The header Envoy sets on every try of a request to an upstream, counting from 1.
     */
    public static final String ATTEMPT_HEADER = "x-envoy-attempt-count";

    public Hop(String service, String version, String instance, Status status) {
        this(service, version, instance, status, null, null, null);
    }

    public Hop(String service, String version, String instance, Status status, Integer httpStatus, Long millis) {
        this(service, version, instance, status, httpStatus, millis, null);
    }

    /**
     * This hop with the try that answered, as the callee reported it (null: not known).
     */
    public Hop withAttempt(Integer attempt) {
        return new Hop(service, version, instance, status, httpStatus, millis, attempt);
    }

    /**
     * The try number of a {@value #ATTEMPT_HEADER} header: 1 to 99, else null (absent or
     * not a number Envoy would send).
     */
    public static Integer attempt(String header) {
        if (header == null || !header.strip().matches("[1-9][0-9]?")) {
            return null;
        }
        return Integer.valueOf(header.strip());
    }

    public static Hop answeredBy(ServiceIdentity identity) {
        return new Hop(identity.service(), identity.version(), identity.instance(), Status.OK);
    }

    public static Hop answeredBy(ServiceIdentity identity, Duration took) {
        return new Hop(identity.service(), identity.version(), identity.instance(), Status.OK, null, took.toMillis());
    }

    public static Hop unavailable(String service) {
        return new Hop(service, null, null, Status.UNAVAILABLE);
    }

    /**
     * The call to {@code service} that ended in {@code failure} after {@code took} (null
     * when it never started): an error answer, a timeout, or no answer.
     */
    public static Hop failed(String service, Throwable failure, Duration took) {
        Long millis = took == null ? null : took.toMillis();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RestClientResponseException answer) {
                return new Hop(service, null, null, Status.ERROR, answer.getStatusCode().value(), millis);
            }
            // InterruptedIOException: the client's connect or read timeout
            if (cause instanceof TimeoutException || cause instanceof InterruptedIOException) {
                return new Hop(service, null, null, Status.TIMEOUT, null, millis);
            }
        }
        return new Hop(service, null, null, Status.UNAVAILABLE, null, millis);
    }

}
