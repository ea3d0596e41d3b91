package io.weatherforecast.lessons.live;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The options of {@code scripts/cluster.sh up} the cluster of an {@link OnLocalCluster}
 * class needs, e.g. {@code --rollouts}; a class without it runs on the cluster without
 * options.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@interface UpWith {

    String[] value();

}
