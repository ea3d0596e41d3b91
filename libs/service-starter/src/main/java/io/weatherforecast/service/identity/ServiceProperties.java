package io.weatherforecast.service.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The identity this process answers with. In Kubernetes the Deployment sets
 * {@code SERVICE_VERSION} from the pod's version label and {@code POD_NAME}; elsewhere
 * the version is the module's {@code image.version-label}, which the build writes into
 * its build info (service-defaults.yml), and the instance is the host name.
 */
@ConfigurationProperties("weather.service")
public record ServiceProperties(String name, String version, String instance) {

    public ServiceIdentity identity(String applicationName) {
        String service = StringUtils.hasText(name) ? name : applicationName;
        if (!StringUtils.hasText(version)) {
            throw new IllegalStateException("No version for " + service
                    + ": set SERVICE_VERSION (weather.service.version), or build the service with its pom's"
                    + " image.version-label");
        }
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
