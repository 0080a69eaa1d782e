#!/usr/bin/env bash
# The container rows of bench/run.sh: `sublet run` and its anchors, rootless and rootful.
# Runs as root inside the private mount namespace that run.sh starts with `unshare --mount`, so the
# workarounds below end with it and the host is left as it was. Prints measure.py records.
#
# Usage (from run.sh only): containers.sh start|idle
#   start   run→exit, start→exec and stop for every runtime
#   idle    RSS/PSS of idle sublet supervisors, BENCH_IDLE_COUNTS at once
set -euo pipefail

what=${1:?usage: containers.sh start|idle}
work=$BENCH_WORK
runs=$BENCH_RUNS
sublet=$BENCH_SUBLET
rootfs=$BENCH_ROOTFS
measure=$work/lib/measure.py
IFS=: read -r _ _ user_uid user_gid _ user_home _ <<<"$(getent passwd "$BENCH_USER")"

log() {
    echo "containers.sh: $*" >&2
}

note() {
    python3 -c 'import json,sys; print(json.dumps({"group": "note", "text": sys.argv[1]}))' "$1"
}

as_user() {
    setpriv --reuid="$user_uid" --regid="$user_gid" --init-groups --reset-env \
        env HOME="$user_home" USER="$BENCH_USER" LOGNAME="$BENCH_USER" \
        PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
        XDG_RUNTIME_DIR="$work/run-user" DBUS_SESSION_BUS_ADDRESS="unix:path=$work/run-user/bus" "$@"
}

as_root() {
    env XDG_RUNTIME_DIR="$work/run-root" DBUS_SESSION_BUS_ADDRESS="unix:path=$work/run-root/bus" "$@"
}

# ---- this machine's traps, worked around in this mount namespace only ----

# crun 1.8.1 refuses every container ("cgroups in hybrid mode not supported, drop all controllers
# from cgroupv2") while the hybrid layout's cgroup2 tree has a controller (here: hugetlb). Without
# that tree crun sees plain cgroup v1.
# (cgroupfs files have size 0: read them, -s cannot tell.)
controllers=$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null || true)
if [ -n "$controllers" ] && mountpoint -q /sys/fs/cgroup/unified; then
    umount /sys/fs/cgroup/unified
    [ "$what" = idle ] || note "crun (under podman too) refuses to start on this machine's hybrid cgroups while cgroup2 has controllers (here: $controllers): the container rows run in a private mount namespace without /sys/fs/cgroup/unified."
fi
# Rootless podman warns, and may miss mounts, unless / is a shared mount.
mount --make-rshared /
# Rootful --userns=auto draws from the 'containers' entries, which this machine lacks; the seeds
# recommend 2^31 ids (the same range as the allocator benchmark).
for file in subuid subgid; do
    { cat "/etc/$file" 2>/dev/null; echo "containers:2147483647:2147483648"; } >"$work/$file"
    mount --bind "$work/$file" "/etc/$file"
done

# ---- session buses: each supervisor registers on one, as it does under systemd ----

bus_pids=()
start_bus() {
    local dir=$1 pid
    shift
    "$@" dbus-daemon --session --nofork --nopidfile --address="unix:path=$dir/bus" </dev/null >/dev/null 2>&1 &
    pid=$!
    bus_pids+=("$pid")
    for _ in $(seq 50); do
        [ -S "$dir/bus" ] && return 0
        sleep 0.1
    done
    log "dbus-daemon for $dir did not start"
}
stop_buses() {
    local pid
    for pid in "${bus_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
}
trap stop_buses EXIT
install -d -m 0700 "$work/run-root"
install -d -m 0700 -o "$user_uid" -g "$user_gid" "$work/run-user"
if command -v dbus-daemon >/dev/null; then
    start_bus "$work/run-root"
    start_bus "$work/run-user" setpriv --reuid="$user_uid" --regid="$user_gid" --init-groups
fi

# ---- what the runtimes run ----

ready_root=$work/ready-root
ready_user=$work/ready-user
install -d -m 0755 "$ready_root"
install -d -m 0755 -o "$user_uid" -g "$user_gid" "$ready_user"
# PID 1 ignores SIGTERM unless it handles it: trap it, so stop measures the runtimes, not a timeout.
payload='trap "exit 0" TERM; echo ready > {ready}; while :; do sleep 1 & wait $!; done'
crun_payload=${payload//\{ready\}//bench/ready}

subid_range() {
    awk -F: -v u="$BENCH_USER" -v id="$user_uid" '$1 == u || $1 == id { print $2 ":" $3; exit }' "/etc/$1"
}
sub_uid=$(subid_range subuid)
sub_gid=$(subid_range subgid)
if [ -z "$sub_uid" ] || [ -z "$sub_gid" ]; then
    log "$BENCH_USER has no /etc/subuid or /etc/subgid entry (scripts/setup-test-user.sh adds them)"
    exit 1
fi
# Rootless: the user's own id as 0 and its subordinate ids above, as the generator writes for the
# default (and Podman's default) userns. Rootful: the first 1024 ids of the 'containers' range, as
# the generator's UserNS=auto would pick.
rootless_maps=(--uidmap "0:$user_uid:1" --uidmap "1:${sub_uid%%:*}:${sub_uid##*:}"
    --gidmap "0:$user_gid:1" --gidmap "1:${sub_gid%%:*}:${sub_gid##*:}")
rootful_maps=(--uidmap 0:2147483647:1024 --gidmap 0:2147483647:1024)

# Rootful podman fails here with "crun: setrlimit RLIMIT_NOFILE (then RLIMIT_NPROC): Operation not
# permitted": as root it asks crun for 1048576 of each, this machine grants no CAP_SYS_RESOURCE to
# raise hard limits, and podman lowers its own RLIMIT_NPROC to 32768 (strace), which crun inherits.
# --ulimit host does not help; limits within what crun inherits do.
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then
    nproc=32768
fi
podman_root_limits=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
[ "$what" = idle ] || note "Rootful podman needs ${podman_root_limits[*]} here: by default it asks crun for 1048576 open files and processes, which this machine (no CAP_SYS_RESOURCE; podman itself at RLIMIT_NPROC 32768) refuses with EPERM."

# An OCI bundle for crun: DIR with the payload ARGS (JSON), maps "C:H:N ..." and the ready dir.
make_bundle() {
    local dir=$1 args=$2 uidmaps=$3 gidmaps=$4 ready=$5
    mkdir -p "$dir"
    (cd "$dir" && crun spec)
    python3 - "$dir/config.json" "$args" "$uidmaps" "$gidmaps" "$ready" "$rootfs" <<'PY'
import json, sys
path, args, uidmaps, gidmaps, ready, rootfs = sys.argv[1:]
maps = lambda text: [dict(zip(("containerID", "hostID", "size"), map(int, m.split(":")))) for m in text.split()]
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = json.loads(args)
c["root"] = {"path": rootfs, "readonly": True}
# The same namespaces as sublet's default: no network namespace (Network=host).
c["linux"]["namespaces"] = [{"type": t} for t in ("pid", "ipc", "uts", "mount", "user")]
c["linux"]["uidMappings"] = maps(uidmaps)
c["linux"]["gidMappings"] = maps(gidmaps)
# sysfs cannot be mounted without a network namespace of one's own; cgroups are not sublet's job.
c["mounts"] = [m for m in c["mounts"] if m["destination"] not in ("/sys", "/sys/fs/cgroup")]
c["mounts"].append({"destination": "/bench", "type": "bind", "source": ready, "options": ["rbind", "rw"]})
json.dump(c, open(path, "w"), indent=1)
PY
    chmod -R a+rX "$dir"
}

# One row: MODE (exec|startstop) of a command, with the record's placement.
row() {
    local who=$1 privilege=$2 runtime=$3 maps=$4 mode=$5
    shift 5
    local ready=$ready_root
    [ "$privilege" = rootless ] && ready=$ready_user
    local ready_in=/bench
    [ "$runtime" = unshare ] && ready_in=$ready
    log "$privilege $runtime ($maps) $mode"
    "$who" python3 "$measure" "$mode" --label "$privilege $runtime $maps $mode" --runs "$runs" \
        --ready-dir "$ready" --ready-in "$ready_in" \
        --meta group=start --meta privilege="$privilege" --meta runtime="$runtime" --meta maps="$maps" \
        -- "$@" || log "measure.py failed for $privilege $runtime $mode"
}

# Both modes of one runtime: ARGS... is the command up to the payload, which is appended.
both() {
    local who=$1 privilege=$2 runtime=$3 maps=$4
    shift 4
    row "$who" "$privilege" "$runtime" "$maps" exec "$@" /bin/true
    row "$who" "$privilege" "$runtime" "$maps" startstop "$@" /bin/sh -c "$payload"
}

have() {
    command -v "$1" >/dev/null || { note "$1 is not installed: no $1 rows."; return 1; }
}

measure_start() {
    local privilege who maps maps_label default_label auto_maps ready limits
    for privilege in rootless rootful; do
        if [ "$privilege" = rootless ]; then
            who=as_user maps=("${rootless_maps[@]}") ready=$ready_user limits=()
            maps_label="0=user, 1..${sub_uid##*:}=subordinate ids"
            default_label="default (the same maps)"
            # podman's --uidmap counts in the rootless user namespace: 1.. are the subordinate ids.
            auto_maps=(--uidmap 0:1:1024 --gidmap 0:1:1024)
        else
            who=as_root maps=("${rootful_maps[@]}") ready=$ready_root limits=("${podman_root_limits[@]}")
            maps_label="1024 ids of 'containers' (as auto)"
            default_label="default (no user namespace)"
            auto_maps=("${rootful_maps[@]}")
        fi
        if [ -n "$sublet" ]; then
            both "$who" "$privilege" sublet "$maps_label" \
                "$sublet" run --name "{name}" --rootfs "$rootfs" "${maps[@]}" --volume "$ready:/bench" --
        fi
        if have podman; then
            # A rootless pause process left from a podman run outside this mount namespace would be
            # joined, with the host's cgroup mounts that crun refuses (see above): stop it first.
            [ "$privilege" = rootful ] || "$who" podman system migrate >/dev/null 2>&1 || true
            local podman=(podman run --rm --network host "${limits[@]}" -v "$ready:/bench")
            both "$who" "$privilege" podman "$default_label" "${podman[@]}" --rootfs "$rootfs"
            both "$who" "$privilege" podman "--userns=auto" "${podman[@]}" --userns=auto --rootfs "$rootfs"
            [ "$privilege" = rootful ] ||
                note "podman 4.3.1 writes no uidMappings/gidMappings into the OCI config for --userns=auto with --rootfs (auto sizes and maps image layers), so crun's new user namespace maps nothing and mounting devpts with gid=5 fails: the rows 'explicit, 1024 ids (as auto)' stand in for it."
            both "$who" "$privilege" podman "explicit, 1024 ids (as auto)" "${podman[@]}" "${auto_maps[@]}" \
                --rootfs "$rootfs"
        fi
        if have crun; then
            local uid_lines gid_lines
            uid_lines=$(printf '%s\n' "${maps[@]}" | awk 'prev == "--uidmap" { print } { prev = $0 }')
            gid_lines=$(printf '%s\n' "${maps[@]}" | awk 'prev == "--gidmap" { print } { prev = $0 }')
            make_bundle "$work/bundle-$privilege-true" '["/bin/true"]' "$uid_lines" "$gid_lines" "$ready"
            make_bundle "$work/bundle-$privilege-ready" \
                "$(python3 -c 'import json,sys; print(json.dumps(["/bin/sh", "-c", sys.argv[1]]))' "$crun_payload")" \
                "$uid_lines" "$gid_lines" "$ready"
            local state=$work/crun-$privilege
            install -d -m 0700 "$state"
            [ "$privilege" = rootful ] || chown "$user_uid:$user_gid" "$state"
            row "$who" "$privilege" crun "same as sublet" exec crun --root "$state" run -b "$work/bundle-$privilege-true" "{name}"
            row "$who" "$privilege" crun "same as sublet" startstop crun --root "$state" run -b "$work/bundle-$privilege-ready" "{name}"
        fi
        both "$who" "$privilege" unshare "none (floor)" unshare --user --pid --fork --mount --kill-child
        [ "$privilege" = rootful ] ||
            note "The unshare floor has no stop time: unshare does not pass SIGTERM on to its child."
    done
}

# The anchor is conmon, podman's per-container monitor: what stays of podman while a Quadlet
# service (podman run -d) runs.
measure_idle() {
    local privilege who count maps ready limits
    for privilege in rootless rootful; do
        if [ "$privilege" = rootless ]; then
            who=as_user maps=("${rootless_maps[@]}") ready=$ready_user limits=()
        else
            who=as_root maps=("${rootful_maps[@]}") ready=$ready_root limits=("${podman_root_limits[@]}")
        fi
        for count in $BENCH_IDLE_COUNTS; do
            if [ -n "$sublet" ]; then
                log "idle: $count $privilege sublet supervisors"
                "$who" python3 "$measure" idle --label "idle $privilege sublet $count" --count "$count" \
                    --ready-dir "$ready" --settle 2 \
                    --meta group=idle --meta privilege="$privilege" --meta runtime=sublet \
                    -- "$sublet" run --name "{name}" --rootfs "$rootfs" "${maps[@]}" --volume "$ready:/bench" -- \
                    /bin/sh -c "$payload" || log "measure.py failed for idle $privilege sublet $count"
            fi
            if command -v podman >/dev/null; then
                log "idle: $count $privilege podman containers (conmon)"
                "$who" python3 "$measure" idle --label "idle $privilege conmon $count" --count "$count" \
                    --ready-dir "$ready" --settle 2 --monitor conmon --cleanup "podman rm -f {name}" \
                    --meta group=idle --meta privilege="$privilege" --meta runtime="podman (conmon)" \
                    -- podman run -d --rm --name "{name}" --network host "${limits[@]}" -v "$ready:/bench" \
                    --rootfs "$rootfs" /bin/sh -c "$payload" || log "measure.py failed for idle $privilege conmon $count"
            fi
        done
    done
}

case $what in
    start) measure_start ;;
    idle) measure_idle ;;
    *) log "unknown part '$what'"; exit 2 ;;
esac
