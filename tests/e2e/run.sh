#!/usr/bin/env bash
# End-to-end tests of issue 5 ("Proof") under a real `systemd --user` of the rootless test user,
# with its real D-Bus: the installed generator on daemon-reload, every example started, its
# uid_map/gid_map, a clean stop seen on D-Bus, Restart=on-failure, a broken unit next to working
# ones, start at boot (a manager restart), the volume scenario, and finally the README's demo.
#
# Usage (root): tests/e2e/run.sh
# Build first (mvn -o -DskipTests package). Installs into a throwaway prefix and runs the manager
# in a private mount namespace (scripts/user-manager.sh); nothing on the host changes except the
# documented test user (scripts/setup-test-user.sh) and its files, which are removed afterwards.
# Prints one line per check and ends with "e2e: N passed, M failed"; exits 1 on any failure. A
# missing capability (root, systemd, newuidmap, busybox-static, the cgroup layout) skips the tests,
# or fails them when SUBLET_REQUIRE_SYSTEM_TESTS=1.
#   SUBLET_BUILD_DIR   the built tree (default: this checkout)
#   SUBLET_E2E_DEMO=0  leave out the demo run
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
um=$here/scripts/user-manager.sh
readonly UNIT_SUBDIR=.config/containers/systemd/sublet-e2e
readonly USER_FILES=("$UNIT_SUBDIR" .local/share/sublet/e2e-volumes .local/share/sublet/volumes .local/state/sublet)
readonly BUS_PREFIX=io.github.sublet.Container.
readonly BUS_PATH=/io/github/sublet/Container
readonly BUS_INTERFACE=io.github.sublet.Container1
# The long-running examples: unit names as the generator names their services.
readonly LONG_RUNNING=(web keep-id auto auto-size nomap explicit-map volume-u dropin echo@hello flaky boot)
readonly VOLUME_CASES=(host:allowed keep-id:allowed auto:denied nomap:denied u:allowed)

passed=0
failed=0
failures=()

# ---- reporting ----

# check NAME CMD [ARG...]: runs CMD, prints "ok NAME" or "FAIL NAME" with CMD's output.
check() {
    local name=$1 output started=$EPOCHREALTIME took
    shift
    if output=$("$@" 2>&1); then
        took=$(elapsed_since "$started")
        passed=$((passed + 1))
        echo "ok   $name ($took s)"
    else
        took=$(elapsed_since "$started")
        failed=$((failed + 1))
        failures+=("$name")
        echo "FAIL $name ($took s)"
        [ -z "$output" ] || tail -25 <<<"$output" | sed 's/^/       /'
    fi
}

elapsed_since() {
    awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }'
}

summary() {
    [ "$failed" -eq 0 ] || echo "failed: ${failures[*]}"
    echo "e2e: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

skip_or_fail() {
    if [ "${SUBLET_REQUIRE_SYSTEM_TESTS:-}" = 1 ]; then
        echo "e2e: cannot run: $* (SUBLET_REQUIRE_SYSTEM_TESTS=1)" >&2
        echo "e2e: 0 passed, 1 failed"
        exit 1
    fi
    echo "e2e: skipped: $*" >&2
    echo "e2e: 0 passed, 0 failed"
    exit 0
}

# Ends the check that calls it (checks run in a subshell), printing why.
fail() {
    printf '%s\n' "$@" >&2
    exit 1
}

# Polls CMD every 0.2 s until it succeeds or SECONDS_ pass.
wait_for() {
    local seconds=$1 deadline
    shift
    deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# ================= outside: set up, install, then run the checks in a manager session =========

outside() {
    [ "$(id -u)" -eq 0 ] || skip_or_fail "needs root (to start a user manager for the test user)"
    local tool
    for tool in /usr/lib/systemd/systemd systemctl busctl setpriv unshare newuidmap newgidmap; do
        command -v "$tool" >/dev/null || skip_or_fail "$tool is missing"
    done
    if [ ! -d /sys/fs/cgroup/systemd ] || [ ! -d /sys/fs/cgroup/unified ]; then
        skip_or_fail "no hybrid cgroup layout (/sys/fs/cgroup/systemd and /sys/fs/cgroup/unified)"
    fi
    command -v busybox >/dev/null || skip_or_fail "busybox-static is missing"

    local build=${SUBLET_BUILD_DIR:-$here}
    if [ ! -f "$build/generator/target/sublet-generator.jar" ] || [ ! -f "$build/supervisor/target/sublet.jar" ]; then
        echo "e2e: build first: mvn -o -DskipTests package" >&2
        echo "e2e: 0 passed, 1 failed"
        exit 1
    fi

    user=$("$here/scripts/setup-test-user.sh")
    home=$(getent passwd "$user" | cut -d: -f6)
    prefix=$(mktemp -d /tmp/sublet-e2e.XXXXXX)
    chmod 0755 "$prefix"
    trap cleanup_outside EXIT
    echo "e2e: installing into $prefix"
    SUBLET_BUILD_DIR=$build "$here/scripts/install.sh" "$prefix" >"$prefix.install.log" 2>&1 ||
        { cat "$prefix.install.log" >&2; echo "e2e: 0 passed, 1 failed"; exit 1; }
    rm -f "$prefix.install.log"
    remove_user_files
    setpriv --reuid="$user" --regid="$user" --init-groups env HOME="$home" \
        "$here/scripts/make-rootfs.sh" "$home/.local/share/sublet/rootfs"
    # Private on purpose: the stage opens the rootfs while it still has the user's own uid, so
    # container root (a subordinate id with auto, nomap or a map) needs no access to ~/.local.
    chmod 700 "$home/.local" "$home/.local/share"

    # The checks run in the manager's session and leave their counts in $prefix/results.
    "$um" --user "$user" --generator "$prefix/lib/systemd/user-generators/sublet-user-generator" \
        run --root -- "$here/tests/e2e/run.sh" --inside "$prefix" || true
    if [ -f "$prefix/results" ]; then
        read -r passed failed <"$prefix/results"
        mapfile -t failures < <(tail -n +2 "$prefix/results")
    else
        check manager-session fail "the manager session ended before the checks finished"
    fi
    if [ "${SUBLET_E2E_DEMO:-1}" != 0 ]; then
        check demo.sh run_demo
    fi
    summary
}

# The README's demo takes the path a user takes; it must work after everything above.
run_demo() {
    SUBLET_BUILD_DIR=${SUBLET_BUILD_DIR:-$here} "$here/scripts/demo.sh" >"$prefix/demo.log" 2>&1 ||
        fail "demo.sh failed:" "$(tail -30 "$prefix/demo.log")"
}

# Everything the tests create in the test user's home except the examples' rootfs (rebuilding it
# is idempotent): units, volumes, id allocations.
remove_user_files() {
    local dir
    for dir in "${USER_FILES[@]}"; do
        rm -rf "${home:?}/$dir"
    done
}

cleanup_outside() {
    local status=$?
    remove_user_files
    "$here/scripts/uninstall.sh" "$prefix" >/dev/null 2>&1 || true
    rm -rf "$prefix"
    exit "$status"
}

# ================= inside: root in the manager's mount namespace (SUBLET_UM_* set) =============

as_user() {
    "$um" as-user -- env PATH="$prefix/bin:/usr/bin:/bin" "$@"
}

sc() {
    as_user systemctl --user "$@"
}

unit_dir() {
    echo "$SUBLET_UM_HOME/$UNIT_SUBDIR"
}

# systemd's bus-label escaping, as BusNames does it: letters stay, digits too except first.
bus_name() {
    local name=$1 out="" i c
    for ((i = 0; i < ${#name}; i++)); do
        c=${name:i:1}
        if [[ $c == [A-Za-z] ]] || { [ "$i" -gt 0 ] && [[ $c == [0-9] ]]; }; then
            out+=$c
        else
            out+=$(printf '_%02x' "'$c")
        fi
    done
    echo "$BUS_PREFIX$out"
}

container_name() {
    # As the generator names them: the service name, an instance as NAME_INSTANCE.
    local unit=$1
    if [[ $unit == *@* ]]; then echo "${unit%@*}_${unit#*@}"; else echo "$unit"; fi
}

property() {
    sc show -p "$2" --value "$1.service"
}

is_running() {
    [ "$(property "$1" ActiveState)/$(property "$1" SubState)" = active/running ]
}

# The host pid of the container's PID 1: the descendant of the unit's MainPID that is pid 1 of
# its own pid namespace (its NSpid line ends in 1 and has more than one level).
container_pid() {
    local main stat line rest pid
    main=$(property "$1" MainPID)
    [ -n "$main" ] && [ "$main" != 0 ] || return 1
    local -A parent=()
    for stat in /proc/[0-9]*/stat; do
        read -r line <"$stat" 2>/dev/null || continue
        rest=${line##*) } # after the command name, which may hold spaces and parentheses
        rest=${rest#* }   # after the state
        pid=${stat#/proc/}
        parent[${pid%/stat}]=${rest%% *}
    done
    for pid in "${!parent[@]}"; do
        descends_from "$pid" "$main" || continue
        if grep -qE '^NSpid:(\s+[0-9]+)+\s+1$' "/proc/$pid/status" 2>/dev/null &&
            [ "$(grep '^NSpid:' "/proc/$pid/status" | wc -w)" -ge 3 ]; then
            echo "$pid"
            return 0
        fi
    done
    return 1
}

# Uses the caller's `parent` map.
descends_from() {
    local pid=$1 ancestor=$2 depth
    for ((depth = 0; depth < 16; depth++)); do
        pid=${parent[$pid]:-0}
        [ "$pid" != "$ancestor" ] || return 0
        [ "$pid" != 0 ] || return 1
    done
    return 1
}

# "C:H:N" lines the generated unit passes to `sublet run` for --uidmap or --gidmap, sorted.
generated_map() {
    sc cat "$1.service" | grep '^ExecStart=' | grep -oE -- "--$2 [0-9]+:[0-9]+:[0-9]+" |
        cut -d' ' -f2 | sort
}

kernel_map() {
    awk '{ print $1 ":" $2 ":" $3 }' "/proc/$1/$2" | sort
}

# ---- the checks ----

check_generator_linked() {
    [ "$(readlink -f /run/systemd/user-generators/sublet-user-generator)" = "$prefix/bin/sublet-generator" ] ||
        fail "/run/systemd/user-generators/sublet-user-generator does not lead to $prefix/bin/sublet-generator"
}

drop_units() {
    local dir
    dir=$(unit_dir)
    as_user mkdir -p "$dir" || fail "cannot create $dir"
    as_user cp -R "$here/units-examples/." "$here/tests/e2e/units/." "$dir/" || fail "cannot copy the units"
    local case
    for case in "${VOLUME_CASES[@]}"; do
        as_user mkdir -p "$SUBLET_UM_HOME/.local/share/sublet/e2e-volumes/vol-${case%%:*}" || fail "mkdir"
    done
    as_user mkdir -p "$SUBLET_UM_HOME/.local/share/sublet/volumes/volume-u" || fail "mkdir"
}

check_daemon_reload_generates() {
    sc cat web.service >/dev/null 2>&1 && fail "web.service exists before the units were dropped in"
    drop_units
    sc daemon-reload || fail "daemon-reload failed"
    local text
    text=$(sc cat web.service) || fail "no web.service after daemon-reload"
    grep -q "^ExecStart=$prefix/bin/sublet run " <<<"$text" ||
        fail "web.service does not run $prefix/bin/sublet run:" "$text"
    return 0
}

check_every_example_generated() {
    local file name missing=()
    for file in "$here"/units-examples/*.container; do
        name=$(basename "$file" .container)
        sc cat "$name.service" >/dev/null 2>&1 || missing+=("$name.service")
    done
    [ ${#missing[@]} -eq 0 ] || fail "not generated: ${missing[*]}"
}

check_broken_unit_reported() {
    if sc cat broken.service >/dev/null 2>&1; then
        fail "broken.service was generated from a unit with PodmanArgs="
    fi
    grep -E "broken\.container:[0-9]+: PodmanArgs" "$SUBLET_UM_SESSION/manager.log" ||
        fail "the manager's log has no report naming broken.container, its line and PodmanArgs"
    local status
    status=$(sc status broken.service 2>&1) && fail "systemctl status broken.service succeeded"
    echo "systemctl --user status broken: $status"
}

# The last lines UNIT logged (SyslogIdentifier=%N), for failure messages.
unit_log() {
    "$um" journal -o cat -n 8 -t "$1" 2>/dev/null | sed 's/^/  journal: /'
}

check_started() {
    timeout 90 "$um" as-user -- systemctl --user start "$1.service" || fail "start of $1 failed" "$(unit_log "$1")"
    is_running "$1" || fail "$1 is $(property "$1" ActiveState)/$(property "$1" SubState), not active/running"
}

check_maps() {
    local unit=$1 pid map expected actual
    pid=$(container_pid "$unit") || fail "no container PID 1 under MainPID $(property "$unit" MainPID)"
    for map in uid gid; do
        expected=$(generated_map "$unit" "${map}map")
        actual=$(kernel_map "$pid" "${map}_map")
        [ -n "$expected" ] || fail "the generated $unit.service has no --${map}map"
        [ "$expected" = "$actual" ] || fail "${map}_map of pid $pid is" "$actual" "but the unit says" "$expected"
    done
}

check_bus_state() {
    local unit=$1 want=$2 state
    state=$(as_user busctl --user get-property "$(bus_name "$(container_name "$unit")")" \
        "$BUS_PATH" "$BUS_INTERFACE" State) || fail "no State property on the bus for $unit"
    [ "$state" = "s \"$want\"" ] || fail "State of $unit is $state, not \"$want\""
}

check_sublet_ps() {
    local out unit
    out=$(as_user sublet ps) || fail "sublet ps failed: $out"
    for unit in web keep-id flaky; do
        grep -qw -- "$(container_name "$unit")" <<<"$out" || fail "sublet ps does not list $unit:" "$out"
    done
}

# Stops UNIT with a bus monitor running: systemd must report a clean stop within the unit's
# TimeoutStopSec, and the container must say "exited" on the bus before its name goes away.
check_stopped() {
    local unit=$1 name log pidfile started elapsed result state
    name=$(bus_name "$(container_name "$unit")")
    log=$(mktemp)
    pidfile=$SUBLET_UM_RUNTIME_DIR/e2e-monitor.pid
    # The pid file tells the monitor's own pid: the background job is only a wrapper of it.
    # shellcheck disable=SC2016 # $$ and $1 are the inner shell's
    "$um" as-user -- sh -c 'echo $$ >"$1"; exec busctl --user monitor' sh "$pidfile" >"$log" 2>&1 &
    wait_for 5 test -s "$pidfile"
    sleep 0.3
    started=$SECONDS
    timeout 120 "$um" as-user -- systemctl --user stop "$unit.service" || fail "stop of $unit failed"
    elapsed=$((SECONDS - started))
    wait_for 10 off_bus "$name" || true
    sleep 0.3
    kill "$(cat "$pidfile")" 2>/dev/null || true
    wait
    rm -f "$pidfile"
    result=$(property "$unit" Result)
    state=$(property "$unit" ActiveState)
    [ "$state" = inactive ] || fail "$unit is $state after stop (Result=$result)"
    [ "$result" = success ] || fail "$unit stopped with Result=$result"
    echo "$unit stopped in ${elapsed}s (TimeoutStopUSec=$(property "$unit" TimeoutStopUSec))"
    off_bus "$name" || fail "$name is still on the bus after the stop"
    if ! grep -q '"exited"' "$log"; then
        rm -f "$log"
        fail "no State \"exited\" seen on the bus for $name before it left"
    fi
    rm -f "$log"
}

off_bus() {
    ! as_user busctl --user status "$1" >/dev/null 2>&1
}

restarted_since() {
    [ "$(property "$1" NRestarts)" -gt "$2" ]
}

check_restart_on_failure() {
    local before pid after new_pid
    before=$(property flaky NRestarts)
    pid=$(container_pid flaky) || fail "flaky has no container"
    kill -USR1 "$pid"
    wait_for 30 restarted_since flaky "$before" ||
        fail "NRestarts stayed at $before after the payload exited 1 (Result=$(property flaky Result))"
    wait_for 30 is_running flaky || fail "flaky did not come back: $(property flaky ActiveState)"
    after=$(property flaky NRestarts)
    new_pid=$(container_pid flaky) || fail "flaky restarted but has no container"
    [ "$new_pid" != "$pid" ] || fail "flaky's container pid is still $pid"
    echo "NRestarts $before -> $after, container pid $pid -> $new_pid"
}

check_volume_case() {
    local mode=${1%%:*} expect=${1#*:} unit file status
    unit=vol-$mode
    file=$SUBLET_UM_HOME/.local/share/sublet/e2e-volumes/$unit/touched
    timeout 90 "$um" as-user -- systemctl --user start "$unit.service" || true
    status=$(property "$unit" ExecMainStatus)
    case $expect in
        allowed)
            [ -e "$file" ] || fail "$unit: touch in the volume was denied (exit $status, $(property "$unit" Result))" \
                "$(unit_log "$unit")" ;;
        denied)
            [ ! -e "$file" ] || fail "$unit: touch in the volume was allowed"
            [ "$status" = 1 ] || fail "$unit: payload exit status $status, want 1 (touch: permission denied)" \
                "$(unit_log "$unit")" ;;
    esac
}

check_boot_unit() {
    "$um" restart || fail "the manager did not restart"
    wait_for 60 is_running boot || fail "boot is $(property boot ActiveState)/$(property boot SubState) after the restart"
    local unit
    for unit in web keep-id flaky; do
        [ "$(property "$unit" ActiveState)" = inactive ] || fail "$unit started at boot but has no [Install]"
    done
    check_maps boot
}

inside() {
    prefix=$1
    check generator-linked check_generator_linked
    check daemon-reload-runs-generator check_daemon_reload_generates
    check every-example-generated check_every_example_generated
    check broken-unit-reported check_broken_unit_reported
    local unit
    for unit in "${LONG_RUNNING[@]}"; do
        [ "$unit" != boot ] || continue
        check "start:$unit" check_started "$unit"
        check "maps:$unit" check_maps "$unit"
        check "bus-state:$unit" check_bus_state "$unit" running
    done
    check sublet-ps check_sublet_ps
    check restart-on-failure check_restart_on_failure
    for unit in "${LONG_RUNNING[@]}"; do
        [ "$unit" != boot ] || continue
        check "stop:$unit" check_stopped "$unit"
    done
    local case
    for case in "${VOLUME_CASES[@]}"; do
        check "volume:$case" check_volume_case "$case"
    done
    check start-at-boot check_boot_unit
    check "stop:boot" check_stopped boot
    { echo "$passed $failed"; printf '%s\n' "${failures[@]}"; } >"$prefix/results"
}

case ${1:-} in
    --inside) inside "$2" ;;
    "") outside ;;
    *) echo "usage: tests/e2e/run.sh" >&2; exit 2 ;;
esac
