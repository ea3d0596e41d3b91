package io.weatherforecast.service.propagation;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request headers that every outgoing call copies from the incoming request. Istio
 * cannot join the spans of a request, nor route on a header deeper in the chain, unless
 * the application forwards these.
 */
@ConfigurationProperties("weather.propagation")
public record PropagationProperties(@DefaultValue( {
        "x-request-id", "traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
        "x-b3-sampled", "x-b3-flags", "x-ot-span-context", "baggage", "user-agent", "cookie",
        "end-user" }) List<String> headers){
}
