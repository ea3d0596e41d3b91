package io.weatherforecast.service.fault;

import java.io.IOException;
import java.time.Duration;
import java.util.random.RandomGenerator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a share of a service's answers fail (503) or slow, so that outlier detection,
 * retries, timeouts and a canary's analysis can be seen on a real cluster: a bad version
 * is a good one with this switch set, not another build. Off by default. The management
 * endpoints (probes, metrics) are left alone, so the pod stays ready and scraped.
 * <p>
 * Set only by configuration, read once at start-up:
 * {@code weather.faults.failure-percent} (0 to 100), {@code weather.faults.delay} (up to
 * 10 s) and {@code weather.faults.delay-percent} (0 to 100, default 100), e.g. as the
 * environment variables {@code WEATHER_FAULTS_FAILURE_PERCENT} of the Deployment. Nothing
 * from outside the pod can change it: no endpoint, header or parameter reads or writes
 * it, it is not in a section that a ConfigMap overrides at run time, and it is bound once
 * rather than as a properties bean that a refresh would rebind. A changed setting takes a
 * restart.
 * <p>
 * Each failed or slowed answer carries the header {@code x-weather-fault}, so that nobody
 * mistakes it for a real failure.
 */
public class FaultSwitch extends OncePerRequestFilter {

    static final String PREFIX = "weather.faults";

    static final String HEADER = "x-weather-fault";

    private static final Log log = LogFactory.getLog(FaultSwitch.class);

    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final Settings settings;

    private final RandomGenerator random;

    private final String managementPath;

    /** What the configuration asks for; {@link #OFF} when it asks for nothing. */
    record Settings(int failurePercent, Duration delay, int delayPercent) {

        static final Settings OFF = new Settings(0, Duration.ZERO, 100);

        Settings {
            if (failurePercent < 0 || failurePercent > 100 || delayPercent < 0 || delayPercent > 100) {
                throw new IllegalArgumentException(
                        PREFIX + ".failure-percent and .delay-percent must be from 0 to 100, not " + failurePercent
                                + " and " + delayPercent);
            }
            if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException(PREFIX + ".delay must be from 0 to " + MAX_DELAY + ", not " + delay);
            }
        }

        static Settings of(Environment environment) {
            Binder binder = Binder.get(environment);
            return new Settings(binder.bind(PREFIX + ".failure-percent", Integer.class).orElse(0),
                    binder.bind(PREFIX + ".delay", Duration.class).orElse(Duration.ZERO),
                    binder.bind(PREFIX + ".delay-percent", Integer.class).orElse(100));
        }

        boolean on() {
            return failurePercent > 0 || (!delay.isZero() && delayPercent > 0);
        }

    }

    /**
     * {@code managementPath}: the management endpoints' base path, never failed or
     * slowed.
     */
    FaultSwitch(Settings settings, RandomGenerator random, String managementPath) {
        this.settings = settings;
        this.random = random;
        this.managementPath = managementPath;
        if (settings.on()) {
            log.warn("Fault switch ON (" + PREFIX + "): " + settings.failurePercent() + "% of the answers outside "
                    + managementPath + " are 503, " + settings.delayPercent() + "% delayed by " + settings.delay());
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !settings.on() || path.equals(managementPath) || path.startsWith(managementPath + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean slow = !settings.delay().isZero() && random.nextInt(100) < settings.delayPercent();
        if (slow) {
            try {
                Thread.sleep(settings.delay());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (random.nextInt(100) < settings.failurePercent()) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HEADER, slow ? "delay, failure" : "failure");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            // by hand: a filter answers before Spring MVC's problem details can, and the
            // body never varies
            response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"Failing on purpose (" + PREFIX + ".failure-percent)\"}");
            return;
        }
        if (slow) {
            response.setHeader(HEADER, "delay");
        }
        chain.doFilter(request, response);
    }

}
