package dev.sublet.supervisor.run;

import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.dbus.BusReporter;
import dev.sublet.supervisor.state.ContainerControl;
import dev.sublet.supervisor.state.ContainerState;
import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.Signals;
import dev.sublet.supervisor.sys.SysException;
import sun.misc.Signal;

/**
 * Supervises one container from outside it: starts it, tells systemd (sd_notify) and D-Bus
 * (through {@link ContainerState}) how it is doing, turns SIGTERM/SIGINT into a stop (the stop
 * signal, SIGKILL after the timeout) and returns the payload's exit status as its own.
 */
final class Supervisor implements ContainerControl {

    private final RunSpec spec;
    private final int stopSignal;
    private final ContainerState state;
    private final SdNotify notify = SdNotify.fromEnvironment();
    private volatile StageLauncher.Started container;
    private volatile boolean stopRequested;
    private volatile int stopTimeoutSeconds;
    private boolean stopSignalSent;
    private volatile boolean killed;

    Supervisor(RunSpec spec) {
        this.spec = spec;
        this.stopSignal = parseSignal(spec.stopSignal());
        this.state = new ContainerState(spec);
    }

    int run() {
        boolean root = Linux.getuid() == 0;
        IdMapWriter idMaps = new IdMapWriter(root);
        idMaps.checkAvailable();
        IdmappedVolumes.checkPossible(spec, root);
        new VolumeOwnership(spec, root).apply();
        // Installed first: a stop that arrives while the container starts is carried out once it runs.
        Signal.handle(new Signal("TERM"), signal -> stop(spec.stopTimeoutSeconds()));
        Signal.handle(new Signal("INT"), signal -> stop(spec.stopTimeoutSeconds()));
        notify.send("STATUS=starting container " + spec.name());
        StageLauncher launcher = new StageLauncher(idMaps);
        try (notify) {
            container = launcher.launch(spec);
            state.running(container.hostPid(), System.currentTimeMillis());
            if (spec.notifyFromContainer()) {
                notify.send("MAINPID=" + Linux.getpid(), "STATUS=container " + spec.name() + " running");
            } else {
                notify.send("READY=1", "MAINPID=" + Linux.getpid(), "STATUS=container " + spec.name() + " running");
            }
            if (stopRequested) {
                sendStopSignal();
            }
            try (BusReporter bus = BusReporter.startInBackground(state, this)) {
                int status = exitStatus(launcher.waitFor(container.unsharePid()), container.pidfd());
                state.ended(status, status != 0 && !(stopRequested && status == 128 + stopSignal));
                return status;
            } finally {
                Linux.close(container.pidfd());
            }
        }
    }

    @Override
    public void stop(int timeoutSeconds) {
        synchronized (this) {
            if (stopRequested) {
                return;
            }
            stopRequested = true;
            stopTimeoutSeconds = timeoutSeconds;
        }
        if (container != null) {
            sendStopSignal();
        }
    }

    /** The stop signal now, SIGKILL after the timeout; once, whichever thread gets here first. */
    private void sendStopSignal() {
        synchronized (this) {
            if (stopSignalSent) {
                return;
            }
            stopSignalSent = true;
        }
        state.stopping();
        notify.send("STOPPING=1", "STATUS=stopping container " + spec.name());
        signal(stopSignal);
        Thread escalation = new Thread(() -> {
            try {
                Thread.sleep(stopTimeoutSeconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            killed = true;
            signal(Signals.SIGKILL);
        }, "sublet-stop-timeout");
        escalation.setDaemon(true);
        escalation.start();
    }

    @Override
    public void kill(String signal) {
        int number = Signals.parse(signal);
        if (number == Signals.SIGKILL) {
            killed = true;
        }
        signal(number);
    }

    /**
     * unshare passes the payload's exit status on, and a death by signal N by killing itself with N,
     * except for SIGKILL, which it cannot raise on itself (util-linux 2.38 exits 1 then). So the
     * payload's own status is asked of the kernel through its pidfd (Linux 6.15+); on older kernels a
     * SIGKILL we sent is still reported as 137, as podman does, and one from elsewhere as 1.
     */
    private int exitStatus(int unshareStatus, int payloadPidfd) {
        int waitStatus = Linux.pidfdExitStatus(payloadPidfd);
        if (waitStatus >= 0) {
            int signal = waitStatus & 0x7f;
            return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
        }
        return killed && unshareStatus != 0 ? 128 + Signals.SIGKILL : unshareStatus;
    }

    /** Through the pidfd, so a recycled PID can never be hit; a container already gone is fine. */
    private void signal(int signal) {
        StageLauncher.Started started = container;
        if (started == null) {
            return;
        }
        try {
            Linux.pidfdSendSignal(started.pidfd(), signal);
        } catch (SysException e) {
            if (e.errno() != 3) { // ESRCH: it has exited already
                System.err.println("sublet: cannot signal the container: " + e.getMessage());
            }
        }
    }

    private static int parseSignal(String name) {
        try {
            return Signals.parse(name);
        } catch (IllegalArgumentException e) {
            throw new RunFailure("--stop-signal: " + e.getMessage());
        }
    }
}
