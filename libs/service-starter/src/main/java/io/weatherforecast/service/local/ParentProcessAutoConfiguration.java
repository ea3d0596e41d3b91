package io.weatherforecast.service.local;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * For local runs only: with {@code weather.service.parent-pid} set (run-local.sh sets
 * it), the service ends when that process ends ({@link ParentProcessWatchdog}).
 */
@AutoConfiguration
@ConditionalOnProperty("weather.service.parent-pid")
public class ParentProcessAutoConfiguration {

    @Bean
    InitializingBean parentProcessWatchdog(@Value("${weather.service.parent-pid}") long parentPid) {
        return () -> ParentProcessWatchdog.exitWithParent(parentPid);
    }

}
