package io.weatherforecast.lessons.live;

/**
 * {@code kubectl exec} on the data plane of {@code scripts/cluster.sh up --data-plane},
 * whose KWOK nodes have no kubelet to exec in: a command line of a page, run by bash as
 * an attendee's shell runs it (its variables, pipes and {@code $(...)} on the attendee's
 * side), where {@code kubectl exec} is {@code scripts/cluster/pod-exec.sh}: the command
 * in the pod's network namespace as the container's user, so that its requests leave from
 * the pod and pass its sidecar as they would from that container. Every other
 * {@code kubectl} command is kubectl's.
 */
final class PodExec {

    private static final String KUBECTL_EXEC = "kubectl() { if [ \"$1\" = exec ]; then shift; "
            + "scripts/cluster/pod-exec.sh \"$@\"; else command kubectl \"$@\"; fi; }\n";

    private PodExec() {
    }

    /** Runs {@code commandLine} (one or more lines) with kubectl exec into the pods. */
    static LocalCluster.Result shell(LocalCluster cluster, String commandLine) {
        return cluster.shell(KUBECTL_EXEC + commandLine);
    }

}
