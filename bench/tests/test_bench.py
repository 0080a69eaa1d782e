"""Tests of the benchmark's own tools (no timing assertions): python3 -m unittest discover bench/tests"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

LIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")
sys.path.insert(0, LIB)

import report  # noqa: E402

MEASURE = os.path.join(LIB, "measure.py")
# A payload that reports ready into {ready}, then exits on TERM, as the container rows use.
PAYLOAD = 'trap "exit 0" TERM; echo ready > {ready}; while :; do sleep 1 & wait $!; done'


def measure(*args):
    out = subprocess.run([sys.executable, MEASURE, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


class MeasureTest(unittest.TestCase):

    def test_exec_records_one_sample_per_recorded_run_and_the_output(self):
        record = measure("exec", "--label", "echo", "--runs", "3", "--keep-output", "--meta", "group=g",
                         "--", "echo", "{name}")
        self.assertEqual(record["group"], "g")
        self.assertEqual(len(record["wall_ms"]), 3)
        self.assertTrue(all(rss > 0 for rss in record["peak_rss_kib"]))
        # Unique names per run: three different outputs.
        self.assertEqual(len(set(record["outputs"])), 3)

    def test_exec_failure_is_recorded_with_the_command_words(self):
        record = measure("exec", "--label", "fails", "--runs", "2", "--", "sh", "-c", "echo broken >&2; exit 3")
        self.assertIn("exit 3", record["error"])
        self.assertIn("broken", record["error"])

    def test_startstop_sees_the_payload_ready_and_stopped(self):
        with tempfile.TemporaryDirectory() as ready:
            record = measure("startstop", "--label", "sh", "--runs", "2", "--settle", "0",
                             "--ready-dir", ready, "--ready-in", ready, "--", "sh", "-c", PAYLOAD)
            self.assertEqual(len(record["start_to_exec_ms"]), 2)
            self.assertEqual(len(record["stop_ms"]), 2)
            self.assertNotIn("stop_error", record)
            self.assertEqual(os.listdir(ready), [])  # the FIFOs are gone

    def test_startstop_reports_a_command_that_ignores_sigterm(self):
        with tempfile.TemporaryDirectory() as ready:
            stubborn = 'trap "" TERM; echo ready > {ready}; while :; do sleep 1; done'
            record = measure("startstop", "--label", "stubborn", "--runs", "1", "--warmup", "0", "--settle", "0",
                             "--ready-dir", ready, "--ready-in", ready, "--", "sh", "-c", stubborn)
            self.assertEqual(record["stop_ms"], [])
            self.assertIn("SIGTERM", record["stop_error"])

    def test_startstop_reports_a_command_that_dies_before_ready(self):
        with tempfile.TemporaryDirectory() as ready:
            record = measure("startstop", "--label", "dies", "--runs", "1", "--ready-dir", ready,
                             "--", "sh", "-c", "echo no rootfs >&2; exit 125")
            self.assertIn("exited with 125", record["error"])
            self.assertIn("no rootfs", record["error"])

    def test_idle_measures_each_supervisor_without_its_payload_namespace(self):
        with tempfile.TemporaryDirectory() as ready:
            record = measure("idle", "--label", "idle", "--count", "2", "--settle", "0",
                             "--ready-dir", ready, "--ready-in", ready, "--", "sh", "-c", PAYLOAD)
            self.assertEqual(record["count"], 2)
            self.assertEqual(len(record["rss_kib"]), 2)
            self.assertTrue(all(p <= r for p, r in zip(record["pss_kib"], record["rss_kib"])))


class ReportTest(unittest.TestCase):

    MACHINE = {"date": "today", "runs": "3", "command": "bench/run.sh --quick", "cores": "2",
               "load average (start → end)": "0.10 0.10 0.10 → 0.20 0.20 0.20"}

    def render(self, records):
        return report.Report(records, self.MACHINE).render()

    def test_spread_is_median_with_min_and_max(self):
        self.assertEqual(report.spread([3.0, 1.0, 2.0], report.ms), "2.0 (1.0–3.0)")
        self.assertEqual(report.spread([5.0, 5.0], report.ms), "5.0")
        self.assertEqual(report.spread([], report.ms), "–")

    def test_ratio_is_sublet_over_the_anchor_per_privilege(self):
        base = {"group": "start", "privilege": "rootless", "maps": "m"}
        records = [
            {**base, "runtime": "sublet", "mode": "exec", "label": "s", "wall_ms": [300.0], "peak_rss_kib": [1]},
            {**base, "runtime": "podman", "mode": "exec", "label": "p", "wall_ms": [150.0], "peak_rss_kib": [1]},
        ]
        row = next(line for line in self.render(records).splitlines() if line.startswith("| podman"))
        self.assertIn("2.00×", row)

    def test_failures_are_numbered_once_per_error(self):
        base = {"group": "start", "privilege": "rootful", "runtime": "podman", "maps": "auto"}
        records = [{**base, "mode": "exec", "label": "a", "error": "devpts"},
                   {**base, "mode": "startstop", "label": "b", "error": "devpts"}]
        text = self.render(records)
        self.assertEqual(text.count("1. failed: devpts"), 1)
        self.assertNotIn("2. failed", text)

    def test_a_busy_machine_is_flagged(self):
        busy = dict(self.MACHINE, **{"load average (start → end)": "9.00 9.00 9.00 → 9 9 9"})
        self.assertIn("machine was busy", report.Report([], busy).render())
        self.assertNotIn("machine was busy", self.render([]))

    def test_allocator_rows_carry_the_jvm_figures_and_the_programs_output(self):
        records = [{"group": "allocator", "containers": "10", "repeats": "3", "label": "a",
                    "wall_ms": [1500.0], "peak_rss_kib": [2048], "outputs": ["containers=10 allocate 0.5"]}]
        text = self.render(records)
        self.assertIn("| 10 | 3 | 1.5 | 2.0 |", text)
        self.assertIn("containers=10 allocate 0.5", text)

if __name__ == "__main__":
    unittest.main()
