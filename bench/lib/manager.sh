#!/usr/bin/env bash
# The rows of bench/run.sh that go through a real user manager: daemon-reload with N units, and
# `systemctl --user start`/`stop` of one generated service. Runs as the test user inside a session
# of scripts/user-manager.sh, whose manager has sublet's user generator linked in; the generator
# reads $XDG_RUNTIME_DIR/containers/systemd, the first directory of its user search path.
# Prints measure.py records.
#
# Usage (from run.sh only): manager.sh MEASURE_PY RUNS WORK "COUNT..."
#   WORK/reload-units-COUNT holds COUNT .container files for each COUNT;
#   WORK/service-units holds bench-service.container, the service started and stopped.
set -euo pipefail
measure=$1 runs=$2 work=$3 counts=$4
units=${XDG_RUNTIME_DIR:?no XDG_RUNTIME_DIR: run me through user-manager.sh}/containers/systemd

note() {
    python3 -c 'import json,sys; print(json.dumps({"group": "note", "text": sys.argv[1]}))' "$1"
}

for count in $counts; do
    rm -rf "$units"
    mkdir -p "$units"
    cp "$work/reload-units-$count"/. "$units" -r
    echo "manager.sh: daemon-reload with $count unit files" >&2
    python3 "$measure" exec --label "daemon-reload $count" --runs "$runs" \
        --meta group=reload --meta units="$count" -- systemctl --user daemon-reload
    # The row only means something if the generator ran and systemd found what it wrote.
    found=$(systemctl --user list-unit-files --no-legend 'bench-*.service' | grep -c generated || true)
    [ "$found" -eq "$count" ] ||
        note "daemon-reload with $count unit files: systemd has $found generated bench-*.service units, not $count."
    # The generator also reads the user's other search directories (~/.config/containers/systemd ...).
    others=$({ find "$XDG_RUNTIME_DIR/systemd/generator" -maxdepth 1 -name '*.service' ! -name 'bench-*' 2>/dev/null ||
        true; } | wc -l)
done
[ "$others" -eq 0 ] ||
    note "The user's other unit directories held $others more units that every daemon-reload row also generated."
rm -rf "$units"
mkdir -p "$units"

# Generated units are Type=notify: `systemctl start` returns once sublet has sent READY=1, and
# `systemctl stop` once the service has stopped. Each is timed with the other, untimed, before it.
cp -r "$work/service-units"/. "$units"
systemctl --user daemon-reload
service=bench-service.service
if systemctl --user start "$service" 2>/dev/null; then
    systemctl --user stop "$service"
    echo "manager.sh: systemctl start and stop" >&2
    python3 "$measure" exec --label "systemctl --user start" --runs "$runs" \
        --before "systemctl --user stop $service" \
        --meta group=manager-start --meta what="systemctl --user start (until READY)" \
        -- systemctl --user start "$service"
    python3 "$measure" exec --label "systemctl --user stop" --runs "$runs" \
        --before "systemctl --user start $service" \
        --meta group=manager-start --meta what="systemctl --user stop" \
        -- systemctl --user stop "$service"
    systemctl --user stop "$service"
else
    note "systemctl --user start $service failed: $(systemctl --user status "$service" 2>&1 | tail -4 | tr '\n' ' ')"
fi
rm -rf "$units"
