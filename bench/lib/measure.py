#!/usr/bin/env python3
"""Runs one benchmark row and prints one JSON record (a line) with its raw samples.

  measure.py exec      --label L [--runs N] [--warmup W] -- CMD...
      wall time and peak RSS (wait4's ru_maxrss: the largest process of the reaped tree) of a
      command run to its exit, N times after W unrecorded runs.
  measure.py startstop --label L [--runs N] [--warmup W] --ready-dir D [--settle S] -- CMD...
      start-to-exec: from spawning CMD until the payload writes {ready} (a FIFO in D);
      stop: from SIGTERM to CMD until CMD has exited (as systemd stops a service's main process).
  measure.py idle      --label L --count K --ready-dir D [--monitor PROG --cleanup CMD] -- CMD...
      starts K copies at once, waits until every payload is ready, then reads RSS and PSS
      (/proc/PID/smaps_rollup) of each supervisor: the spawned process and its descendants that
      are still in our PID namespace (the payload, in its own, is not the supervisor's cost); or,
      with --monitor (podman run -d), the PROG processes whose arguments name the container.

In CMD, {ready} is the FIFO's path as the payload sees it (--ready-in, default /bench/ready),
{ready_dir} the host directory to bind-mount there, {name} a name unique to this start.
A failure is recorded, not raised: the record then has "error" with the command's own words.
"""
import argparse
import json
import os
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import time

STOP_TIMEOUT_S = 5
TIME = "/usr/bin/time"
READY_TIMEOUT_S = 180  # twenty JVMs starting at once on a small, busy machine


def emit(record):
    print(json.dumps(record), flush=True)


def substitute(cmd, values):
    return [arg.format(**values) for arg in cmd]


def kill_group(proc):
    """Kills what is left of a start that failed or does not stop, so the next run starts clean."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run_to_exit(cmd, keep_output=False):
    """Returns (wall ms, peak RSS KiB, exit status, stderr tail).

    The peak comes from GNU time, not from our own wait4: a process's ru_maxrss also counts what
    it was before its execve, and a child forked from this Python starts at Python's size.
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out, \
            tempfile.NamedTemporaryFile("r") as peak:
        start = time.monotonic_ns()
        code = subprocess.call([TIME, "-q", "-f", "%M", "-o", peak.name] + cmd, stdin=subprocess.DEVNULL,
                               stdout=out if keep_output else subprocess.DEVNULL, stderr=err)
        wall = (time.monotonic_ns() - start) / 1e6
        maxrss = int(peak.read().split()[-1]) if code == 0 else None
        output = stderr_tail(out, 4000) if keep_output else None
        tail = stderr_tail(err)
    return wall, maxrss, code, tail, output


def cmd_exec(args):
    walls, rss, outputs = [], [], []
    for i in range(args.warmup + args.runs):
        if args.before:
            before = subprocess.run(args.before, shell=True, capture_output=True)
            if before.returncode != 0:
                return {"error": f"--before failed ({before.returncode}): {before.stderr.decode(errors='replace')}"}
        cmd = substitute(args.cmd, {"name": f"bench-{os.getpid()}-{i}"})
        wall, maxrss, code, tail, output = run_to_exit(cmd, args.keep_output)
        if code != 0:
            return {"error": f"exit {code}: {tail}"}
        if i >= args.warmup:
            walls.append(round(wall, 2))
            rss.append(maxrss)
            outputs.append(output)
    record = {"wall_ms": walls, "peak_rss_kib": rss}
    if args.keep_output:
        record["outputs"] = outputs
    return record


class ReadyFifo:
    """A FIFO the payload writes one line into once it runs; readable by us without blocking."""

    def __init__(self, directory, name):
        self.path = os.path.join(directory, name)
        os.mkfifo(self.path)
        os.chmod(self.path, 0o666)  # the payload may run as any mapped uid
        # O_NONBLOCK: the open must not wait for a writer; poll() then waits for the data.
        self.fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)

    def close(self):
        os.close(self.fd)
        os.unlink(self.path)


def wait_ready(fifo, proc, timeout_s, detached=False):
    """Waits for the payload's line, or the command's exit; returns an error text or None.

    detached: the command (podman run -d) may exit successfully before the payload is ready.
    """
    pidfd = os.pidfd_open(proc.pid)
    try:
        poller = select.poll()
        poller.register(fifo.fd, select.POLLIN)
        poller.register(pidfd, select.POLLIN)
        deadline = time.monotonic() + timeout_s
        while True:
            left_ms = (deadline - time.monotonic()) * 1000
            if left_ms <= 0:
                return f"payload not ready after {timeout_s}s"
            for fd, _ in poller.poll(left_ms):
                if fd == fifo.fd and os.read(fifo.fd, 64):
                    return None
                if fd == pidfd:
                    status = proc.wait()
                    if not (detached and status == 0):
                        return f"exited with {status} before the payload was ready"
                    poller.unregister(pidfd)
    finally:
        os.close(pidfd)


def start(cmd, ready_dir, name, stderr, fifo_name=None):
    """Spawns CMD; its payload signals readiness in the FIFO fifo_name (default: name)."""
    fifo = ReadyFifo(ready_dir, fifo_name or name)
    values = {"ready": os.path.join(ARGS.ready_in, fifo_name or name), "ready_dir": ready_dir, "name": name}
    began = time.monotonic_ns()
    proc = subprocess.Popen(substitute(cmd, values), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=stderr, start_new_session=True)
    return fifo, proc, began


def stderr_tail(err, size=600):
    err.seek(0)
    return err.read()[-size:].decode(errors="replace").strip()


def cmd_startstop(args):
    starts, stops = [], []
    stop_error = None
    for i in range(args.warmup + args.runs):
        with tempfile.TemporaryFile() as err:
            # A fixed FIFO name lets a static payload (a crun bundle's args) name it.
            fifo, proc, began = start(args.cmd, args.ready_dir, f"bench-{os.getpid()}-{i}", err, "ready")
            try:
                problem = wait_ready(fifo, proc, READY_TIMEOUT_S)
                ready_ns = time.monotonic_ns()
                if problem:
                    kill_group(proc)
                    return {"error": f"{problem}: {stderr_tail(err)}"}
                time.sleep(args.settle)  # let the supervisor finish its post-start work first
                stopped = None
                if stop_error:  # it does not stop on SIGTERM: do not wait for that again
                    kill_group(proc)
                else:
                    stop_began = time.monotonic_ns()
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(STOP_TIMEOUT_S)
                        stopped = (time.monotonic_ns() - stop_began) / 1e6
                    except subprocess.TimeoutExpired:
                        kill_group(proc)
                        stop_error = f"did not exit within {STOP_TIMEOUT_S}s of SIGTERM"
            finally:
                fifo.close()
        if i >= args.warmup:
            starts.append(round((ready_ns - began) / 1e6, 2))
            if stopped is not None:
                stops.append(round(stopped, 2))
    record = {"start_to_exec_ms": starts, "stop_ms": stops}
    if stop_error:
        record["stop_error"] = stop_error
    return record


def pid_namespace(pid):
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return found


def supervisor_tree(pid):
    """The process and its descendants in our PID namespace: the supervisor without its payload."""
    ours = pid_namespace(os.getpid())
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        if pid_namespace(p) == ours:
            tree.append(p)
            todo += children(p)
    return tree


def rollup(pid):
    """Rss and Pss of one process in KiB (smaps_rollup, Linux >= 4.14)."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                values[key] = int(rest.split()[0])
    return values["Rss"], values["Pss"]


def processes_named(program, word):
    """Pids whose argv[0] is PROGRAM (any directory) and whose arguments include WORD."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) == program and word in argv[1:]:
            found.append(int(entry))
    return found


def cmd_idle(args):
    started = []
    names = [f"idle-{os.getpid()}-{i}" for i in range(args.count)]
    errors = []
    err = tempfile.TemporaryFile()
    try:
        for name in names:
            started.append(start(args.cmd, args.ready_dir, name, err))
        for fifo, proc, _ in started:
            problem = wait_ready(fifo, proc, READY_TIMEOUT_S, detached=bool(args.monitor))
            if problem:
                errors.append(problem)
        if errors:
            return {"error": f"{errors[0]}: {stderr_tail(err)}"}
        time.sleep(args.settle)
        rss, pss, processes = [], [], []
        for name, (_, proc, _) in zip(names, started):
            # The supervisor is what we spawned, or (podman run -d) the monitor it left behind.
            tree = processes_named(args.monitor, name) if args.monitor else supervisor_tree(proc.pid)
            if not tree:
                return {"error": f"no {args.monitor} process for {name}"}
            sizes = [rollup(p) for p in tree]
            rss.append(sum(s[0] for s in sizes))
            pss.append(sum(s[1] for s in sizes))
            processes.append(len(tree))
        return {"count": args.count, "rss_kib": rss, "pss_kib": pss, "processes": processes}
    finally:
        for fifo, proc, _ in started:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for name, (fifo, proc, _) in zip(names, started):
            try:
                proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                kill_group(proc)
            if args.cleanup:
                subprocess.run(substitute(args.cleanup.split(), {"name": name}), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            fifo.close()
        err.close()


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["exec", "startstop", "idle"])
    parser.add_argument("--label", required=True, help="the row this measures (copied into the record)")
    parser.add_argument("--meta", action="append", default=[], metavar="KEY=VALUE",
                        help="copied into the record, for the report to place the row")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--count", type=int, default=1, help="idle: containers at once")
    parser.add_argument("--ready-dir", help="host directory for the ready FIFOs")
    parser.add_argument("--ready-in", default="/bench", help="that directory as the payload sees it")
    parser.add_argument("--before", help="exec: a shell command run, untimed, before each run")
    parser.add_argument("--keep-output", action="store_true", help="exec: keep each recorded run's stdout")
    parser.add_argument("--monitor", help="idle: measure the processes of this name (e.g. conmon) that carry"
                        " the container's name, for a command that starts it detached")
    parser.add_argument("--cleanup", help="idle: a command (words, {name}) that removes each container")
    parser.add_argument("--settle", type=float, default=0.3, help="seconds between ready and stop/measure")
    if "--" not in argv:
        parser.error("no command: put it after --")
    split = argv.index("--")
    args = parser.parse_args(argv[:split])
    args.cmd = argv[split + 1:]
    if not args.cmd:
        parser.error("no command after --")
    if args.mode != "exec" and not args.ready_dir:
        parser.error(f"{args.mode} needs --ready-dir")
    return args


if __name__ == "__main__":
    ARGS = parse(sys.argv[1:])
    handler = {"exec": cmd_exec, "startstop": cmd_startstop, "idle": cmd_idle}[ARGS.mode]
    result = handler(ARGS)
    meta = dict(item.split("=", 1) for item in ARGS.meta)
    emit({"label": ARGS.label, "mode": ARGS.mode, "command": shlex.join(ARGS.cmd), **meta, **result})
