package io.weatherforecast.service.client;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The connection pool of the calls to other services.
 *
 * @param maxConnectionsPerService connections kept open to one service (one host and
 * port); a call beyond them waits for one to be free
 * @param maxConnections connections to all services together
 * @param validateAfterIdle a pooled connection idle for longer is checked before it is
 * used, so that a call is not sent on a connection the other side has closed meanwhile (a
 * POST sent that way would fail: it is not retried)
 */
@ConfigurationProperties("weather.client")
public record ServiceClientProperties(@DefaultValue("64") int maxConnectionsPerService,
        @DefaultValue("128") int maxConnections, @DefaultValue("1s") Duration validateAfterIdle) {
}
