#!/usr/bin/env python3
"""Turns the records of one bench/run.sh run (JSON lines from measure.py and run.sh) into
docs/benchmarks.md: median with min–max of every row, and sublet's ratio to each anchor.

usage: report.py RESULTS.jsonl MACHINE.json > benchmarks.md
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ms(value):
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def mib(kib):
    return f"{kib / 1024:.1f}"


def spread(samples, fmt):
    """'median (min–max)' of the samples, or a dash when there are none."""
    if not samples:
        return "–"
    if min(samples) == max(samples):
        return fmt(samples[0])
    return f"{fmt(statistics.median(samples))} ({fmt(min(samples))}–{fmt(max(samples))})"


def median(samples):
    return statistics.median(samples) if samples else None


def ratio(ours, theirs):
    if ours is None or not theirs:
        return "–"
    return f"{ours / theirs:.2f}×"


def error_cell(record):
    return "failed¹" if "error" in record else None


class Report:
    def __init__(self, records, machine):
        self.records = records
        self.machine = machine
        self.lines = []
        self.failures = []

    def out(self, line=""):
        self.lines.append(line)

    def find(self, **keys):
        return [r for r in self.records if all(r.get(k) == v for k, v in keys.items())]

    def one(self, **keys):
        found = self.find(**keys)
        return found[0] if found else None

    def failed(self, record):
        """Collects a failure for the notes (once per error text) and returns the cell pointing to it."""
        text = record["error"]
        if text not in self.failures:
            self.failures.append(text)
        return f"failed ({self.failures.index(text) + 1})"

    def cell(self, record, key, fmt):
        if record is None:
            return "not run"
        if "error" in record:
            return self.failed(record)
        return spread(record.get(key, []), fmt)

    # ---- sections ----

    def header(self):
        m = self.machine
        self.out("# Benchmarks")
        self.out()
        self.out(f"Measured by `bench/run.sh` on {m['date']}, all rows in one run on one machine. "
                 f"Every cell is the median of {m['runs']} runs with (min–max); each run is a cold "
                 "process (a new JVM for sublet), after one unrecorded warm-up run that fills the page cache.")
        self.out()
        self.out("Reproduce (as root, after `mvn -o -DskipTests package`):")
        self.out()
        self.out("```sh")
        self.out(m["command"])
        self.out("```")
        self.out()
        load = float(m.get("load average (start → end)", "0").split()[0])
        cores = int(m.get("cores", "0") or 0)
        if cores and load > cores / 2:
            self.out(f"**The machine was busy** (load average {load} on {cores} cores when the run began): "
                     "every time below is inflated by other work; compare rows of this run with each other only.")
            self.out()
        self.out("| machine | |")
        self.out("| --- | --- |")
        for key in ("kernel", "cpu", "memory", "java", "podman", "crun", "util-linux", "systemd",
                    "sublet launcher", "load average (start → end)"):
            if key in m:
                self.out(f"| {key} | {m[key]} |")
        self.out()

    def generator(self):
        rows = self.find(group="generator")
        if not rows:
            return
        self.out("## Generator")
        self.out()
        self.out("A cold `sublet-generator --user` over N `.container` files (`SUBLET_UNIT_DIRS`), "
                 "`--dryrun` (units to stdout) and writing into an empty directory as systemd has it do. "
                 "Peak RSS is the JVM's (GNU time's %M).")
        self.out()
        self.out("| unit files | output | launcher | wall ms | peak RSS MiB |")
        self.out("| ---: | --- | --- | ---: | ---: |")
        for r in rows:
            self.out(f"| {r['units']} | {r['output']} | {r['launcher']} | {self.cell(r, 'wall_ms', ms)} "
                     f"| {self.cell(r, 'peak_rss_kib', mib)} |")
        self.out()

    def reload(self):
        rows = self.find(group="reload")
        if not rows:
            return
        self.out("## daemon-reload through a real user manager")
        self.out()
        self.out("`systemctl --user daemon-reload` of a private `systemd --user` (scripts/user-manager.sh) "
                 "with the generator linked into `/run/systemd/user-generators` and N units in "
                 "`$XDG_RUNTIME_DIR/containers/systemd`; the 0 row is the manager's own cost.")
        self.out()
        self.out("| unit files | daemon-reload ms | minus 0-unit reload ms |")
        self.out("| ---: | ---: | ---: |")
        base = self.one(group="reload", units="0")
        base_median = median(base.get("wall_ms", [])) if base and "error" not in base else None
        for r in rows:
            own = median(r.get("wall_ms", [])) if "error" not in r else None
            extra = ms(own - base_median) if own is not None and base_median is not None and r is not base else "–"
            self.out(f"| {r['units']} | {self.cell(r, 'wall_ms', ms)} | {extra} |")
        self.out()

    def manager_start(self):
        rows = self.find(group="manager-start")
        if not rows:
            return
        self.out("### Start and stop through systemd --user")
        self.out()
        self.out("One generated service (Type=notify) of the same user manager, a payload that sleeps.")
        self.out()
        self.out("| command | ms |")
        self.out("| --- | ---: |")
        for r in rows:
            self.out(f"| `{r['what']}` | {self.cell(r, 'wall_ms', ms)} |")
        self.out()

    def start_stop(self):
        rows = self.find(group="start")
        if not rows:
            return
        self.out("## Start and stop: sublet and the anchors")
        self.out()
        self.out("- **run→exit**: the whole command with `/bin/true` as the payload, until it has exited.")
        self.out("- **start→exec**: from spawning the command until the payload runs: it writes one line "
                 "into a FIFO bind-mounted at /bench (the unshare floor writes it directly).")
        self.out("- **stop**: SIGTERM to the command (what systemd sends the service's main process) until "
                 "it has exited; the payload is a shell that exits on TERM.")
        self.out("- **ratio** = sublet's median ÷ this row's median, per privilege mode (below 1: sublet is faster).")
        self.out()
        for privilege in ("rootless", "rootful"):
            subset = [r for r in rows if r.get("privilege") == privilege]
            if not subset:
                continue
            ours = {}
            for r in subset:
                if r.get("runtime") == "sublet":
                    ours[r["mode"]] = r
            self.out(f"### {privilege}")
            self.out()
            self.out("| runtime | maps | run→exit ms | peak RSS MiB | start→exec ms | stop ms "
                     "| ratio run→exit | ratio start→exec |")
            self.out("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            names = []
            for r in subset:
                if (r["runtime"], r["maps"]) not in names:
                    names.append((r["runtime"], r["maps"]))
            for runtime, maps in names:
                run = self.one(group="start", privilege=privilege, runtime=runtime, maps=maps, mode="exec")
                startstop = self.one(group="start", privilege=privilege, runtime=runtime, maps=maps,
                                     mode="startstop")
                stop = self.cell(startstop, "stop_ms", ms)
                if startstop and "stop_error" in startstop:
                    stop = f"n/a ({startstop['stop_error']})"
                ratios = ["–", "–"]
                if runtime != "sublet":
                    for i, (mode, key) in enumerate((("exec", "wall_ms"), ("startstop", "start_to_exec_ms"))):
                        mine = ours.get(mode)
                        theirs = run if mode == "exec" else startstop
                        if mine and theirs and "error" not in mine and "error" not in theirs:
                            ratios[i] = ratio(median(mine[key]), median(theirs[key]))
                self.out(f"| {runtime} | {maps} | {self.cell(run, 'wall_ms', ms)} "
                         f"| {self.cell(run, 'peak_rss_kib', mib)} "
                         f"| {self.cell(startstop, 'start_to_exec_ms', ms)} | {stop} | {ratios[0]} | {ratios[1]} |")
            self.out()

    def memory(self):
        rows = self.find(group="idle")
        if not rows:
            return
        self.out("## Idle supervisor memory")
        self.out()
        self.out("K containers started at once with a sleeping payload; per container, RSS and PSS "
                 "(/proc/PID/smaps_rollup) of the supervisor: the process `sublet run` execs into and its "
                 "descendants outside the container's PID namespace. PSS shares common pages (the JVM's "
                 "mapped files) among the K supervisors. The anchor is podman's monitor, conmon, which is "
                 "what stays of podman while a Quadlet service (`podman run -d`) runs.")
        self.out()
        self.out("| runtime | privilege | containers | RSS MiB each | PSS MiB each | PSS MiB total "
                 "| sublet ÷ this (PSS) |")
        self.out("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            total = mib(sum(r["pss_kib"])) if "error" not in r else "–"
            ours = self.one(group="idle", runtime="sublet", privilege=r["privilege"], count=r.get("count"))
            share = "–"
            if r["runtime"] != "sublet" and ours and "error" not in ours and "error" not in r:
                share = ratio(median(ours["pss_kib"]), median(r["pss_kib"]))
            self.out(f"| {r['runtime']} | {r['privilege']} | {r.get('count', '–')} | {self.cell(r, 'rss_kib', mib)} "
                     f"| {self.cell(r, 'pss_kib', mib)} | {total} | {share} |")
        self.out()

    def allocator(self):
        rows = self.find(group="allocator")
        if not rows:
            return
        self.out("## Allocator")
        self.out()
        self.out("`AllocatorBenchmark REPEATS N` (generator test classes): N containers of 1024 ids each in "
                 "the rootful 2^31-id `containers` range, the state file written and reloaded, then churn; "
                 "it times each phase itself over its repeats. One JVM per size: its wall time (all repeats) "
                 "and peak RSS are below, its own figures after the table.")
        self.out()
        self.out("| containers | repeats | JVM wall s | JVM peak RSS MiB |")
        self.out("| ---: | ---: | ---: | ---: |")
        for r in rows:
            if "error" in r:
                self.out(f"| {r['containers']} | {r.get('repeats', '–')} | {self.failed(r)} | |")
                continue
            self.out(f"| {r['containers']} | {r.get('repeats', '–')} "
                     f"| {spread([w / 1000 for w in r['wall_ms']], lambda v: f'{v:.1f}')} "
                     f"| {spread(r['peak_rss_kib'], mib)} |")
        self.out()
        for r in rows:
            if "error" not in r and r.get("outputs"):
                self.out("```")
                self.out(r["outputs"][-1].rstrip())
                self.out("```")
                self.out()

    def targets(self):
        """Issue 7's targets, judged from this run's medians."""
        checks = []
        gen = self.one(group="generator", units="100", output="dry-run", launcher="installed")
        if gen and "error" not in gen:
            value = median(gen["wall_ms"])
            checks.append(("generator, 100 units ≤ 250 ms", f"{ms(value)} ms", value <= 250))
        ours = self.one(group="start", privilege="rootless", runtime="sublet", mode="startstop")
        podman = self.one(group="start", privilege="rootless", runtime="podman", maps="default (the same maps)",
                          mode="startstop")
        if ours and podman and "error" not in ours and "error" not in podman:
            a, b = median(ours["start_to_exec_ms"]), median(podman["start_to_exec_ms"])
            checks.append(("`sublet run` → exec ≤ podman rootless `run --rootfs`", f"{ms(a)} vs {ms(b)} ms", a <= b))
        idle = self.one(group="idle", runtime="sublet", privilege="rootless", count=1)
        if idle and "error" not in idle:
            value = median(idle["rss_kib"])
            checks.append(("idle supervisor ≤ 40 MB RSS", f"{mib(value)} MiB", value <= 40 * 1000 * 1000 / 1024))
        if not checks:
            return
        self.out("## Issue 7's targets")
        self.out()
        self.out("| target | this run | met |")
        self.out("| --- | --- | --- |")
        for name, value, met in checks:
            self.out(f"| {name} | {value} | {'yes' if met else 'no'} |")
        self.out()

    def commands(self):
        rows = [r for r in self.records if r.get("group") in ("start", "idle") and "command" in r]
        if not rows:
            return
        self.out("## Commands measured")
        self.out()
        self.out("`{name}` is unique per start, `{ready}` the FIFO the payload writes; paths are the run's "
                 "scratch directory.")
        self.out()
        for r in rows:
            self.out(f"- {r['label']}: `{r['command']}`")
        self.out()

    def notes(self):
        extra = [r for r in self.records if r.get("group") == "note"]
        if not self.failures and not extra:
            return
        self.out("## Notes")
        self.out()
        for i, failure in enumerate(self.failures, 1):
            self.out(f"{i}. failed: {failure}")
        if self.failures:
            self.out()
        for r in extra:
            self.out(f"- {r['text']}")
        self.out()

    def render(self):
        self.header()
        self.targets()
        self.generator()
        self.reload()
        self.manager_start()
        self.start_stop()
        self.memory()
        self.allocator()
        self.notes()
        self.commands()
        return "\n".join(self.lines)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    records = load(sys.argv[1])
    with open(sys.argv[2]) as f:
        machine = json.load(f)
    print(Report(records, machine).render())


if __name__ == "__main__":
    main()
