package io.weatherforecast.service.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParentProcessWatchdogTest {

    @Test
    void actsWhenTheParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        CountDownLatch ended = new CountDownLatch(1);
        ParentProcessWatchdog.watch(parent.pid(), ended::countDown);
        assertThat(ended.await(300, TimeUnit.MILLISECONDS)).as("acted while the parent lives").isFalse();

        parent.destroyForcibly();
        assertThat(ended.await(5, TimeUnit.SECONDS)).as("acted after SIGKILL of the parent").isTrue();
    }

    @Test
    void actsAtOnceWhenTheParentIsGoneAlready() throws Exception {
        Process parent = new ProcessBuilder("true").start();
        parent.waitFor();
        CountDownLatch ended = new CountDownLatch(1);
        ParentProcessWatchdog.watch(parent.pid(), ended::countDown);
        assertThat(ended.getCount()).isZero();
    }

}
