#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine, as root: installs the packages, creates the test
# user, runs the unit and system tests (Maven), then the end-to-end tests under a real systemd user
# manager, then the demo. CI runs it with SUBLET_REQUIRE_SYSTEM_TESTS=1, which turns every skipped
# system test into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/setup-test-user.sh >/dev/null

mvn -B -ntp verify

# Man pages render without warnings and document every key and run option.
bash man/check.sh

# The end-to-end run ends with the README's demo (scripts/demo.sh) on the jars built above.
bash tests/e2e/run.sh
