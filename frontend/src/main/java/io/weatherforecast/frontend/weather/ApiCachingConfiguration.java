package io.weatherforecast.frontend.weather;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.WebContentInterceptor;

/**
 * API answers must never come from a cache: the canary meter counts which version
 * answered each probe, and a browser that serves identical GETs from its cache (or queues
 * them behind one another) would skew the count.
 */
@Configuration(proxyBeanMethods = false)
class ApiCachingConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        WebContentInterceptor noStore = new WebContentInterceptor();
        noStore.addCacheMapping(CacheControl.noStore(), "/api/**");
        registry.addInterceptor(noStore);
    }

}
