#!/usr/bin/env bash
# Runs a real `systemd --user` for an unprivileged test user on a machine whose PID 1 is not systemd
# (design.md, "Test environment facts") and runs commands against it. Root only. Nothing on the host
# changes for good: /run is a tmpfs of a private mount namespace, and the two cgroup directories the
# manager needs (cgroups are global) are removed on exit, also after a failure or a signal.
#
# Usage:
#   user-manager.sh [--user NAME] [--generator PATH] run [--root] -- CMD [ARG...]
#       Starts the manager, runs CMD as the user (or as root with --root), then stops everything.
#       Exits with CMD's status. --generator links PATH into /run/systemd/user-generators, where the
#       manager runs it on start and on every daemon-reload.
#   Commands for CMD (run --root) to call; they find the session through $SUBLET_UM_SESSION:
#   user-manager.sh as-user -- CMD [ARG...]   CMD as the user, with XDG_RUNTIME_DIR and the bus set
#   user-manager.sh restart                   stop the manager as a shutdown does and start a fresh
#                                             one (a boot of a lingering user: default.target starts)
#   user-manager.sh link-generator PATH       as --generator, for a running session
#   user-manager.sh journal [ARG...]          journalctl ARGs on the session's journal
# A private systemd-journald (volatile, in the private /run) keeps what units and generators log;
# without it their output would be lost, as PID 1 runs no journald here.
#
#   SUBLET_TEST_USER          the user (default sublet-test; scripts/setup-test-user.sh creates it)
#   SUBLET_UM_READY_TIMEOUT   seconds to wait for the manager (default 30)
set -euo pipefail

readonly SYSTEMD=/usr/lib/systemd/systemd
readonly JOURNALD=/usr/lib/systemd/systemd-journald
readonly SESSION_DIR=/run/sublet-um   # inside the private tmpfs /run only
readonly GENERATOR_DIR=/run/systemd/user-generators
readonly GENERATOR_LINK=$GENERATOR_DIR/sublet-user-generator
readonly CGROUP_ROOTS=(/sys/fs/cgroup/systemd /sys/fs/cgroup/unified)
readonly USER_PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin
ready_timeout=${SUBLET_UM_READY_TIMEOUT:-30}
self=$(readlink -f "${BASH_SOURCE[0]}")

die() {
    echo "user-manager.sh: $*" >&2
    exit 1
}

log() {
    echo "user-manager.sh: $*" >&2
}

usage() {
    sed -n '/^# Usage:/,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

# ---- the session: identity of the user, kept in the private /run so sub-commands can find it ----

load_user() {
    local name=$1 entry
    entry=$(getent passwd "$name") || die "no user '$name'; run scripts/setup-test-user.sh first"
    IFS=: read -r um_user _ um_uid um_gid _ um_home _ <<<"$entry"
    [ "$um_uid" -ne 0 ] || die "the test user must not be root"
    um_runtime=/run/user/$um_uid
}

load_session() {
    if [ -z "${SUBLET_UM_SESSION:-}" ] || [ ! -f "$SUBLET_UM_SESSION/user" ]; then
        die "not inside a session: use 'user-manager.sh run --root -- CMD' and call this from CMD"
    fi
    load_user "$(cat "$SUBLET_UM_SESSION/user")"
    um_cgroup=$(cat "$SUBLET_UM_SESSION/cgroup")
}

# Replaces the shell with "$@" run as the user, with the environment a login session gives the
# manager's clients.
exec_as_user() {
    cd "$um_home"
    exec setpriv --reuid="$um_uid" --regid="$um_gid" --init-groups --reset-env \
        env HOME="$um_home" USER="$um_user" LOGNAME="$um_user" SHELL=/bin/sh PATH="$USER_PATH" \
        LANG=C.UTF-8 XDG_RUNTIME_DIR="$um_runtime" \
        DBUS_SESSION_BUS_ADDRESS="unix:path=$um_runtime/bus" "$@"
}

as_user() {
    (exec_as_user "$@")
}

# ---- the private mount namespace ----

setup_mounts() {
    mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
    mkdir -p /run/systemd/system "$GENERATOR_DIR" "$um_runtime" "$SESSION_DIR"
    mount -t tmpfs -o "mode=0700,uid=$um_uid,gid=$um_gid,nosuid,nodev" tmpfs "$um_runtime"
    chmod 0700 "$SESSION_DIR"
}

# Links to PATH itself, not to what it resolves to: an installed generator link keeps its chain.
link_generator() {
    local generator
    [ -x "$1" ] || die "generator $1 is not an executable file"
    generator=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
    ln -sfn "$generator" "$GENERATOR_LINK"
}

# Storage=volatile keeps the journal in the private /run; the host's kernel log and audit stream
# are none of the session's business.
start_journal() {
    local deadline
    [ -x "$JOURNALD" ] || { log "no $JOURNALD: unit output will be lost"; return 0; }
    mkdir -p /run/systemd/journald.conf.d
    printf '[Journal]\nStorage=volatile\nReadKMsg=no\nAudit=no\n' >/run/systemd/journald.conf.d/50-sublet-harness.conf
    "$JOURNALD" </dev/null >>"$SESSION_DIR/journald.log" 2>&1 &
    echo $! >"$SESSION_DIR/journald.pid"
    deadline=$((SECONDS + 10))
    until [ -S /run/systemd/journal/stdout ]; do
        [ "$SECONDS" -lt "$deadline" ] || die "systemd-journald did not start: $(cat "$SESSION_DIR/journald.log")"
        sleep 0.1
    done
}

stop_journal() {
    local pid
    pid=$(cat "$SESSION_DIR/journald.pid" 2>/dev/null) || return 0
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -f "$SESSION_DIR/journald.pid"
}

# ---- cgroups: a non-root manager exits at once unless it starts in a cgroup it owns ----

setup_cgroups() {
    local root dir
    for root in "${CGROUP_ROOTS[@]}"; do
        [ -d "$root" ] || die "$root is missing: this harness expects the hybrid cgroup layout"
        dir=$root/$um_cgroup
        mkdir -p "$dir"
        # Delegate as systemd does: the directory and the files a manager writes, nothing above.
        chown "$um_uid:$um_gid" "$dir"
        find "$dir" -maxdepth 1 -type f \( -name 'cgroup.*' -o -name tasks -o -name notify_on_release \) \
            -exec chown "$um_uid:$um_gid" {} +
    done
}

# Pids of every process left in our cgroup trees.
cgroup_pids() {
    local root
    for root in "${CGROUP_ROOTS[@]}"; do
        [ -d "$root/$um_cgroup" ] && find "$root/$um_cgroup" -name cgroup.procs -exec cat {} + 2>/dev/null
    done | sort -u
}

kill_cgroup_processes() {
    local pids tries=0
    while pids=$(cgroup_pids) && [ -n "$pids" ]; do
        # shellcheck disable=SC2086 # one pid a word
        kill -KILL $pids 2>/dev/null || true
        tries=$((tries + 1))
        [ "$tries" -lt 50 ] || { log "processes survive in cgroup $um_cgroup: $pids"; return 1; }
        sleep 0.1
    done
}

remove_cgroups() {
    local root
    for root in "${CGROUP_ROOTS[@]}"; do
        # Children first; rmdir (not rm -r) is how cgroups are removed.
        [ -d "$root/$um_cgroup" ] && find "$root/$um_cgroup" -depth -type d -exec rmdir {} + 2>/dev/null
        [ ! -d "$root/$um_cgroup" ] || log "could not remove $root/$um_cgroup"
    done
}

# ---- the manager ----

manager_pid() {
    cat "$SESSION_DIR/manager.pid" 2>/dev/null || true
}

alive() {
    [ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

start_manager() {
    local root pid deadline state
    (
        for root in "${CGROUP_ROOTS[@]}"; do
            echo "$BASHPID" >"$root/$um_cgroup/cgroup.procs"
        done
        cd "$um_home"
        exec setpriv --reuid="$um_uid" --regid="$um_gid" --init-groups --reset-env \
            env HOME="$um_home" USER="$um_user" LOGNAME="$um_user" SHELL=/bin/sh PATH="$USER_PATH" \
            LANG=C.UTF-8 XDG_RUNTIME_DIR="$um_runtime" "$SYSTEMD" --user
    ) </dev/null >>"$SESSION_DIR/manager.log" 2>&1 &
    pid=$!
    echo "$pid" >"$SESSION_DIR/manager.pid"
    deadline=$((SECONDS + ready_timeout))
    while :; do
        alive "$pid" || { cat "$SESSION_DIR/manager.log" >&2; die "systemd --user exited at start"; }
        state=$(as_user systemctl --user is-system-running 2>/dev/null) || true
        case $state in
            running | degraded) break ;;
        esac
        [ "$SECONDS" -lt "$deadline" ] || die "manager not ready after ${ready_timeout}s (state '$state')"
        sleep 0.2
    done
    log "systemd --user (pid $pid) for $um_user is $state"
}

# As a shutdown does: SIGTERM makes a user manager start exit.target and stop every unit.
stop_manager() {
    local pid deadline
    pid=$(manager_pid)
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 30))
        while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
            sleep 0.1
        done
        alive "$pid" && { log "manager $pid ignored SIGTERM; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
    fi
    rm -f "$SESSION_DIR/manager.pid"
    kill_cgroup_processes
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local command_pid
    command_pid=$(cat "$SESSION_DIR/command.pid" 2>/dev/null) || true
    if alive "$command_pid"; then
        kill -TERM "$command_pid" 2>/dev/null || true
    fi
    # A helper waiting for a restart that failed must not block forever.
    if [ -p "$SESSION_DIR/reply" ]; then
        echo failed 1<>"$SESSION_DIR/reply"
    fi
    stop_manager || true
    stop_journal
    remove_cgroups
    exit "$status"
}

# ---- run: the session process; it alone starts and stops managers, so they stay its children ----

# Runs CMD in the background; its exit status arrives on the control channel as "exit N".
start_command() {
    local as_root=$1
    shift
    {
        if [ "$as_root" = yes ]; then
            SUBLET_UM_SESSION=$SESSION_DIR SUBLET_UM_USER=$um_user SUBLET_UM_UID=$um_uid \
                SUBLET_UM_HOME=$um_home SUBLET_UM_RUNTIME_DIR=$um_runtime "$@" <&0 &
        else
            (exec_as_user "$@") <&0 &
        fi
        echo $! >"$SESSION_DIR/command.pid"
        status=0
        wait $! || status=$?
        echo "exit $status" >&4
    } <&0 &
}

# Sub-commands ask the session process for a restart over a FIFO: a manager started by a
# short-lived helper would be orphaned and escape the cleanup. A blocking read, not `read -t`:
# bash 5.2 crashed here when SIGTERM arrived during a timed read.
serve_requests() {
    local request argument
    while read -r request argument <&4; do
        case $request in
            exit) rm -f "$SESSION_DIR/command.pid"; return "$argument" ;;
            restart)
                if stop_manager && start_manager; then
                    echo ok >"$SESSION_DIR/reply"
                else
                    echo failed >"$SESSION_DIR/reply"
                fi
                ;;
            *) log "unknown request '$request'" ;;
        esac
    done
}

run_session() {
    local as_root=$1 status=0
    shift
    setup_mounts
    echo "$um_user" >"$SESSION_DIR/user"
    echo "$um_cgroup" >"$SESSION_DIR/cgroup"
    [ -z "$generator" ] || link_generator "$generator"
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    setup_cgroups
    start_journal
    start_manager
    mkfifo -m 0600 "$SESSION_DIR/control" "$SESSION_DIR/reply"
    exec 4<>"$SESSION_DIR/control"
    start_command "$as_root" "$@"
    serve_requests || status=$?
    exit "$status"
}

request_restart() {
    local reply
    [ -p "$SUBLET_UM_SESSION/control" ] || die "the session has no control channel"
    echo restart >"$SUBLET_UM_SESSION/control"
    read -r reply <"$SUBLET_UM_SESSION/reply"
    [ "$reply" = ok ] || die "restart of the manager failed (see $SUBLET_UM_SESSION/manager.log)"
}

main() {
    local user=${SUBLET_TEST_USER:-sublet-test} as_root=no
    generator=
    while [ $# -gt 0 ]; do
        case $1 in
            --user) user=${2:?--user needs a name}; shift 2 ;;
            --generator) generator=${2:?--generator needs a path}; shift 2 ;;
            -h | --help) usage ;;
            *) break ;;
        esac
    done
    [ "$(id -u)" -eq 0 ] || die "must run as root"
    local command=${1:-}
    [ $# -eq 0 ] || shift
    case $command in
        run)
            if [ "${1:-}" = --root ]; then as_root=yes; shift; fi
            [ "${1:-}" = -- ] && shift
            [ $# -gt 0 ] || usage
            # The private namespace is entered by re-executing this script under unshare; the
            # variable carries the namespace we came from, and a tmpfs goes on /run only if
            # we are really somewhere else.
            local here_ns
            here_ns=$(readlink /proc/self/ns/mnt)
            if [ -z "${SUBLET_UM_PRIVATE_NS:-}" ]; then
                local options=(--user "$user")
                [ -z "$generator" ] || options+=(--generator "$(cd "$(dirname "$generator")" && pwd -P)/$(basename "$generator")")
                local root_flag=()
                [ "$as_root" = no ] || root_flag=(--root)
                exec unshare --mount --propagation private \
                    env SUBLET_UM_PRIVATE_NS="$here_ns" "$self" "${options[@]}" run "${root_flag[@]}" -- "$@"
            fi
            [ "$SUBLET_UM_PRIVATE_NS" != "$here_ns" ] ||
                die "still in the mount namespace $here_ns: refusing to mount over the host's /run"
            load_user "$user"
            um_cgroup=sublet-um-$um_user-$$
            run_session "$as_root" "$@"
            ;;
        as-user)
            [ "${1:-}" = -- ] && shift
            [ $# -gt 0 ] || usage
            load_session
            as_user "$@"
            ;;
        restart)
            load_session
            request_restart
            ;;
        link-generator)
            load_session
            link_generator "${1:?link-generator needs a path}"
            ;;
        journal)
            load_session
            journalctl --no-pager "$@"
            ;;
        *) usage ;;
    esac
}

main "$@"
