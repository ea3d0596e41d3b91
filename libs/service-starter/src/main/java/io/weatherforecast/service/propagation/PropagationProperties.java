package io.weatherforecast.service.propagation;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The request headers that every outgoing call copies from the incoming request. Istio
 * cannot join the spans of a request, nor route on a header deeper in the chain, unless
 * the application forwards these.
 *
 * @param headers the allow-list: no other header is forwarded
 * @param maxHeaderSize a header whose values together are longer than this is not
 * forwarded, so that one caller cannot make every downstream call fail the next service's
 * header limit (server.max-http-request-header-size)
 * @param maxTotalSize the forwarded headers together, names and values; the headers of
 * the list that would pass it are not forwarded (the list's order decides)
 */
@ConfigurationProperties("weather.propagation")
public record PropagationProperties(@DefaultValue( {
        "x-request-id", "traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
        "x-b3-sampled", "x-b3-flags", "x-ot-span-context", "baggage", "user-agent", "cookie",
        "end-user" }) List<String> headers, @DefaultValue("1KB") DataSize maxHeaderSize,
        @DefaultValue("4KB") DataSize maxTotalSize){
}
