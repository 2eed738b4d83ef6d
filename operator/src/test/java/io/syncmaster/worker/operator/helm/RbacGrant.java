package io.syncmaster.worker.operator.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One permission as RBAC grants it: a verb on a resource (with subresource) of an API group. A Role's rules
 * expand to a set of these; an API call needs exactly one.
 *
 * @param apiGroup "" for the core group
 * @param resource e.g. {@code jobs} or {@code transferruns/status}
 * @param verb e.g. {@code watch}
 */
record RbacGrant(String apiGroup, String resource, String verb) implements Comparable<RbacGrant> {
    private static final Comparator<RbacGrant> ORDER = Comparator.comparing(RbacGrant::apiGroup)
            .thenComparing(RbacGrant::resource).thenComparing(RbacGrant::verb);

    static RbacGrant of(KubernetesApiCall call) {
        return new RbacGrant(call.apiGroup(), call.resource(), call.verb());
    }

    /** Every grant of {@code rules}; wildcards and resourceNames are refused, since this chart must never use them. */
    static Set<RbacGrant> expand(List<PolicyRule> rules) {
        Set<RbacGrant> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            if (!rule.getResourceNames().isEmpty() || !rule.getNonResourceURLs().isEmpty()) {
                throw new AssertionError("unexpected resourceNames/nonResourceURLs in rule " + rule);
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        if (group.equals("*") || resource.equals("*") || verb.equals("*")) {
                            throw new AssertionError("wildcard in rule " + rule);
                        }
                        grants.add(new RbacGrant(group, resource, verb));
                    }
                }
            }
        }
        return grants;
    }

    @Override
    public int compareTo(RbacGrant other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource;
    }
}
