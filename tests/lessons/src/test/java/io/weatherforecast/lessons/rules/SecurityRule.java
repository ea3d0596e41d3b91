package io.weatherforecast.lessons.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.cluster.Labels;
import io.weatherforecast.lessons.cluster.Resource;
import io.weatherforecast.lessons.schema.Problem;

/**
 * The security policies fit what is deployed: an AuthorizationPolicy of the app's
 * namespace selects pods of some Deployment, every principal of the app's namespace it
 * names is a ServiceAccount that exists, and while a PeerAuthentication makes the
 * namespace STRICT no DestinationRule there turns Istio's mTLS off.
 */
final class SecurityRule implements io.weatherforecast.lessons.rules.Rule {

    /** Istio's principal: TRUST-DOMAIN/ns/NAMESPACE/sa/ACCOUNT */
    private static final Pattern PRINCIPAL = Pattern.compile("[^/]+/ns/([^/]+)/sa/([^/]+)");

    private static final String SYSTEM_NAMESPACE = "istio-system";

    @Override
    public Stream<Problem> check(ClusterState state) {
        return Stream.concat(state.all(AuthorizationPolicy.class).stream().flatMap(policy -> policy(state, policy)),
                state.all(DestinationRule.class).stream().flatMap(rule -> tlsUnderStrict(state, rule)));
    }

    private static Stream<Problem> policy(ClusterState state, Resource<AuthorizationPolicy> policy) {
        if (SYSTEM_NAMESPACE.equals(policy.namespace())) {
            // the gateway's own policies: its pods are not part of the app's manifests
            return Stream.empty();
        }
        List<Problem> problems = new ArrayList<>();
        WorkloadSelector selector = policy.object().getSpec().getSelector();
        if (selector != null && state.all(Deployment.class)
            .stream()
            .noneMatch(deployment -> deployment.namespace().equals(policy.namespace())
                    && Labels.matches(selector.getMatchLabels(), Labels.ofPods(deployment.object())))) {
            problems.add(new Problem(policy.source(), "/spec/selector",
                    "selects " + selector.getMatchLabels() + ", which no Deployment's pods carry"));
        }
        List<Rule> rules = Objects.requireNonNullElse(policy.object().getSpec().getRules(), List.of());
        for (int i = 0; i < rules.size(); i++) {
            var from = Objects.requireNonNullElse(rules.get(i).getFrom(),
                    List.<io.fabric8.istio.api.api.security.v1beta1.RuleFrom>of());
            for (int j = 0; j < from.size(); j++) {
                List<String> principals = Objects.requireNonNullElse(from.get(j).getSource().getPrincipals(),
                        List.of());
                for (int k = 0; k < principals.size(); k++) {
                    Matcher principal = PRINCIPAL.matcher(principals.get(k));
                    if (principal.matches() && principal.group(1).equals(policy.namespace())
                            && state.find(ServiceAccount.class, principal.group(1), principal.group(2)).isEmpty()) {
                        problems.add(new Problem(policy.source(),
                                "/spec/rules/" + i + "/from/" + j + "/source/principals/" + k,
                                "names " + principals.get(k) + ", but ServiceAccount " + principal.group(2)
                                        + " does not exist in namespace " + principal.group(1)));
                    }
                }
            }
        }
        return problems.stream();
    }

    private static Stream<Problem> tlsUnderStrict(ClusterState state, Resource<DestinationRule> rule) {
        boolean strict = state.all(PeerAuthentication.class)
            .stream()
            .anyMatch(peer -> peer.namespace().equals(rule.namespace()) && peer.object().getSpec().getSelector() == null
                    && peer.object().getSpec().getMtls() != null
                    && "STRICT".equals(String.valueOf(peer.object().getSpec().getMtls().getMode())));
        var policy = rule.object().getSpec().getTrafficPolicy();
        if (!strict || policy == null || policy.getTls() == null || policy.getTls().getMode() == null) {
            return Stream.empty();
        }
        String mode = String.valueOf(policy.getTls().getMode());
        return "ISTIO_MUTUAL".equals(mode) ? Stream.empty()
                : Stream.of(new Problem(rule.source(), "/spec/trafficPolicy/tls/mode",
                        "is " + mode + ", but namespace " + rule.namespace()
                                + " accepts only Istio mTLS (PeerAuthentication STRICT): calls to "
                                + rule.object().getSpec().getHost() + " would be refused"));
    }

}
