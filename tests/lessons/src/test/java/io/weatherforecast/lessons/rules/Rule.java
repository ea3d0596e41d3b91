package io.weatherforecast.lessons.rules;

import io.weatherforecast.lessons.cluster.ClusterState;
import io.weatherforecast.lessons.schema.Problem;
import java.util.stream.Stream;

/** A consistency rule over the objects in a cluster at one step of the tutorial. */
public interface Rule {

    Stream<Problem> check(ClusterState state);

}
