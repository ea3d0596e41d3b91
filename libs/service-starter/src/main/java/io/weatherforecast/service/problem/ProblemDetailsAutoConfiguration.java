package io.weatherforecast.service.problem;

import java.util.List;
import java.util.Locale;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * Client errors answered as RFC 9457 problem details that tell the caller what to fix, in
 * English or Simplified Chinese, wherever the server can still write a body: from the
 * controllers (the advice) and from Tomcat itself (the error report valve), which answers
 * what never reached a controller; there is no error page (service-defaults.yml).
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ProblemProperties.class)
@Import(ProblemDetailsAdvice.class)
public class ProblemDetailsAutoConfiguration {

    /**
     * The languages of the messages, any other Accept-Language gets English. Spring
     * Boot's resolver (spring.web.locale) sets only the default: without the list, "de,
     * zh-CN" would be answered in English.
     */
    @Bean(name = "localeResolver")
    LocaleResolver localeResolver() {
        AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver();
        resolver.setSupportedLocales(List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE));
        resolver.setDefaultLocale(Locale.ENGLISH);
        return resolver;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TomcatServletWebServerFactory.class)
    static class TomcatProblems {

        /**
         * Runs after Spring Boot's customizer, which puts a plain ErrorReportValve on the
         * host: replaced by one that writes problem details.
         */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve(MessageSource messages,
                LocaleResolver localeResolver, ProblemProperties properties) {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve(messages, localeResolver, properties));
                }
            });
        }

    }

}
