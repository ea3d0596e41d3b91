package io.weatherforecast.frontend.weather;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The typed clients of the services the page needs; base URLs and timeouts are in
 * application.yml.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "forecast", types = ForecastClient.class)
@ImportHttpServices(group = "advertisement", types = AdvertisementClient.class)
class HttpServicesConfiguration {

}
