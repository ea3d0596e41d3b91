package io.weatherforecast.service.input;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may carry into a service, beyond Tomcat's own (request line
 * and headers, parameter count, form size: {@code server.*} in service-defaults.yml).
 *
 * @param maxBodySize the longest request body an endpoint accepts unless
 * {@code bodySizes} names it; longer ones are answered 413 before anything parses them
 * @param bodySizes the longest request body per path, for the endpoints that take one
 * (e.g. {@code /recommendations: 8KB})
 */
@ConfigurationProperties("weather.input")
public record InputProperties(@DefaultValue("16KB") DataSize maxBodySize,
        @DefaultValue Map<String, DataSize> bodySizes) {

    long maxBodySize(String path) {
        DataSize size = this.bodySizes.get(path);
        return ((size != null) ? size : this.maxBodySize).toBytes();
    }

}
