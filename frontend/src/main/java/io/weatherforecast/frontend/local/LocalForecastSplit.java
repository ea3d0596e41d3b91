package io.weatherforecast.frontend.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.RandomLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.RetryAwareServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.WeightedServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Without a mesh, the local profile splits forecast calls between the two versions like
 * Istio does: each call picks a version at random by weight (Spring Cloud LoadBalancer's
 * weighted list and its random balancer, not its default round robin), and a call whose
 * connection is refused is retried once on the other version (the mesh's default retry on
 * connect failure; spring.cloud.loadbalancer.retry in application-local.yml, done by
 * Spring Cloud's RetryLoadBalancerInterceptor on the load-balanced RestClient). A call on
 * a pooled connection of a version that died is first sent again by the HTTP client on a
 * new connection, which is then refused. In Kubernetes this class is not active: the
 * frontend calls the plain Service URL and Istio splits the traffic.
 */
@Profile("local")
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LocalSplitProperties.class)
@LoadBalancerClient(name = LocalForecastSplit.SERVICE, configuration = LocalForecastSplit.WeightedInstances.class)
class LocalForecastSplit {

    static final String SERVICE = "forecast";

    static class WeightedInstances {

        /**
         * Retry-aware: a retry leaves out the instance that refused the first attempt.
         */
        @Bean
        ServiceInstanceListSupplier weightedForecastInstances(LocalSplitProperties properties) {
            return new RetryAwareServiceInstanceListSupplier(new WeightedServiceInstanceListSupplier(
                    ServiceInstanceListSuppliers.from(SERVICE, instances(properties).toArray(ServiceInstance[]::new))));
        }

        @Bean
        ReactorLoadBalancer<ServiceInstance> randomByWeight(LoadBalancerClientFactory clients) {
            return new RandomLoadBalancer(clients.getLazyProvider(SERVICE, ServiceInstanceListSupplier.class), SERVICE);
        }

    }

    /**
     * A version with no share is left out of the list rather than given weight 0, which
     * the weighted supplier would take as its default weight of 1.
     */
    static List<ServiceInstance> instances(LocalSplitProperties properties) {
        List<ServiceInstance> instances = new ArrayList<>();
        if (properties.split() < 100) {
            instances.add(instance("v1", properties.forecastV1(), 100 - properties.split()));
        }
        if (properties.split() > 0) {
            instances.add(instance("v2", properties.forecastV2(), properties.split()));
        }
        return instances;
    }

    private static ServiceInstance instance(String version, URI uri, int weight) {
        return new DefaultServiceInstance(SERVICE + "-" + version, SERVICE, uri.getHost(), uri.getPort(),
                "https".equals(uri.getScheme()), Map.of("version", version, "weight", Integer.toString(weight)));
    }

}
