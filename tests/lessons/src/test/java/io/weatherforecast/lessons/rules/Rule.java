package io.weatherforecast.manifests.rules;

import io.weatherforecast.manifests.cluster.ClusterState;
import io.weatherforecast.manifests.schema.Problem;
import java.util.stream.Stream;

/** A consistency rule over the objects in a cluster at one step of the tutorial. */
public interface Rule {

    Stream<Problem> check(ClusterState state);

}
