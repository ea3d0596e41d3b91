package io.weatherforecast.service.identity;

/**
 * Who answered a request: the service, its version ({@code v1}, {@code v2}) and the
 * instance (pod or host name). Every response carries it, in the JSON and in the
 * {@value #HEADER} header, so a caller can draw the route.
 */
public record ServiceIdentity(String service, String version, String instance) {

    public static final String HEADER = "X-Served-By";

    public String headerValue() {
        return service + "/" + version + "/" + instance;
    }
}
