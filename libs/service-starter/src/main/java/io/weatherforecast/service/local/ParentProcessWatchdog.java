package io.weatherforecast.service.local;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends this service when the process that started it ends, however it ended: run-local.sh
 * passes its own process id ({@code weather.service.parent-pid}), so that a SIGKILL of
 * the script, which it cannot trap, does not leave five JVMs serving. The JVM watches the
 * parent itself (ProcessHandle.onExit works on Linux and macOS alike); the exit runs the
 * shutdown hooks, so the service stops gracefully.
 */
public final class ParentProcessWatchdog {

    private static final Log log = LogFactory.getLog(ParentProcessWatchdog.class);

    private ParentProcessWatchdog() {
    }

    /**
     * Runs {@code onParentExit} once the process {@code parentPid} has ended (at once
     * when it is gone already).
     */
    public static void watch(long parentPid, Runnable onParentExit) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            onParentExit.run();
            return;
        }
        parent.get().onExit().thenRun(onParentExit);
    }

    static void exitWithParent(long parentPid) {
        watch(parentPid, () -> {
            log.warn("The process that started this service (" + parentPid + ") has ended: stopping");
            Thread exit = new Thread(() -> System.exit(0), "parent-exited");
            exit.setDaemon(false);
            exit.start();
        });
    }

}
