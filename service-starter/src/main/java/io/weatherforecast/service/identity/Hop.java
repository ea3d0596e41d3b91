package io.weatherforecast.service.identity;

import io.weatherforecast.service.api.ApiCode;

/** One step of a request's route: the service that was called and whether it answered. */
public record Hop(String service, String version, String instance, Status status) {

    public enum Status implements ApiCode {

        OK, UNAVAILABLE

    }

    public static Hop answeredBy(ServiceIdentity identity) {
        return new Hop(identity.service(), identity.version(), identity.instance(), Status.OK);
    }

    public static Hop unavailable(String service) {
        return new Hop(service, null, null, Status.UNAVAILABLE);
    }
}
