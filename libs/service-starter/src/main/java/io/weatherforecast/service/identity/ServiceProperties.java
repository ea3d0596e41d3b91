package io.weatherforecast.service.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The identity this process answers with. In Kubernetes the Deployment sets
 * {@code SERVICE_VERSION} and {@code POD_NAME}; locally the version comes from the
 * module's application.yml and the instance is the host name.
 */
@ConfigurationProperties("weather.service")
public record ServiceProperties(String name, @DefaultValue("v1") String version, String instance) {

    public ServiceIdentity identity(String applicationName) {
        String service = StringUtils.hasText(name) ? name : applicationName;
        return new ServiceIdentity(service, version, StringUtils.hasText(instance) ? instance : hostName());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "localhost";
        }
    }
}
