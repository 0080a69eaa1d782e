#!/usr/bin/env bash
# Builds the minimal rootfs the examples and tests run: Debian's busybox-static with its applet
# links, an /etc/passwd and /etc/group. Usage: make-rootfs.sh DIR
set -euo pipefail
dir=${1:?usage: make-rootfs.sh DIR}
busybox=${BUSYBOX:-$(command -v busybox || echo /bin/busybox)}
if ! "$busybox" --list >/dev/null 2>&1 || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
    if ! ldd "$busybox" 2>&1 | grep -q 'not a dynamic executable'; then
        echo "make-rootfs.sh: $busybox is missing or not static; install busybox-static" >&2
        exit 1
    fi
fi
mkdir -p "$dir"/{bin,sbin,etc,proc,dev,sys,tmp,root,home,usr/bin,usr/sbin,var/tmp,run}
cp "$busybox" "$dir/bin/busybox"
for applet in $("$dir/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$dir/bin/$applet"
done
cat > "$dir/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www:x:33:33:www:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$dir/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
www:x:33:
nogroup:x:65534:
GROUP
chmod 1777 "$dir/tmp" "$dir/var/tmp"
chmod -R a+rX "$dir"
