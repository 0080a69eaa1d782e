#!/usr/bin/env bash
# Creates the unprivileged test user the system tests and the demo run containers as, with its own
# subordinate uid/gid range (idempotent, root only). Prints the user name.
#   SUBLET_TEST_USER   name of the user (default: sublet-test)
set -euo pipefail
user=${SUBLET_TEST_USER:-sublet-test}
if [ "$(id -u)" -ne 0 ]; then
    echo "setup-test-user.sh: must run as root" >&2
    exit 1
fi
if ! id "$user" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$user"
fi
touch /etc/subuid /etc/subgid
# useradd may already have allocated a range; add one only where there is none.
for file in /etc/subuid /etc/subgid; do
    if ! grep -q "^$user:" "$file"; then
        echo "$user:300000:65536" >> "$file"
    fi
done
chmod 755 "$(getent passwd "$user" | cut -d: -f6)"
echo "$user"
