package io.weatherforecast.lessons.live;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that runs on a fresh local cluster of its own: started before its tests
 * (its own {@code @BeforeAll} methods run after that) and stopped after them. Test
 * classes run one after the other, so they share the field.
 */
abstract class OnLocalCluster {

    static LocalCluster cluster;

    @BeforeAll
    static void startTheCluster() {
        cluster = LocalCluster.up();
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

}
