package io.weatherforecast.service.input;

import java.io.IOException;

/**
 * A request body longer than its endpoint accepts ({@link InputProperties}), answered
 * 413. An {@link IOException}, so that it stops whatever reads the body, JSON parser
 * included.
 */
public class RequestBodyTooLargeException extends IOException {

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("The request body is longer than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return this.limit;
    }

}
