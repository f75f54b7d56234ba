#!/usr/bin/env bash
# Proves the set-up from nothing: a fresh Debian 12 root (debootstrap
# --variant=minbase), this checkout's committed tree and shared/ copied in,
# then a command run inside it with chroot, timed.
#
#   tools/fresh-check.sh                 the whole CI run (bash .ci/run)
#   tools/fresh-check.sh CMD [ARGS...]   another command, e.g. bash tools/launch.sh --version
#
# Needs root and debootstrap. The root is made anew each time in
# $FRESH_ROOT (default /var/tmp/gantry-fresh), and left there for a look.
# FRESH_SEED=HOSTDIR:ROOTDIR copies a folder in before the command (e.g.
# the Windows core libraries' prefix, proven from scratch on an earlier
# run, to prove the window's libraries alone); the last line names it.
# The last line says how long the command took and how it ended.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
root=${FRESH_ROOT:-/var/tmp/gantry-fresh}
[ $# -gt 0 ] || set -- bash .ci/run

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-check: run as root (debootstrap and chroot need it)" >&2
  exit 2
fi
command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap

# everything mounted under the root, deepest first: ours, and what the
# tests left (podman's storage overlay)
umount_all() {
  awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" || true; done
  true
}
trap umount_all EXIT

umount_all
rm -rf "$root"
mkdir -p "$root"
t0=$SECONDS
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 ||
  { tail -n 30 "$root.debootstrap.log"; exit 1; }
echo "fresh-check: Debian 12 root made in $((SECONDS - t0)) s"
cat >"$root/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
# This machine's network, like its resolv.conf: certificate authorities
# it added (a proxy's) are handed to npm in the root, else the Zig
# download from the npm registry fails there and the zig tests skip.
extra_ca=
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  cat /usr/local/share/ca-certificates/*.crt >"$root/etc/fresh-check-extra-ca.pem"
  extra_ca=NODE_EXTRA_CA_CERTS=/etc/fresh-check-extra-ca.pem
fi

# the committed tree only: what CI clones
mkdir -p "$root/work/main" "$root/work/shared"
git archive HEAD | tar -x -C "$root/work/main"
[ -d "$top/../shared" ] && cp -r "$top/../shared/." "$root/work/shared/"
# CI clones a git repository: give the copy one (with the host's git)
(cd "$root/work/main" && git init -q && git add -A && git -c user.name=ci -c user.email=ci@localhost commit -qm fresh)

seed=
if [ -n "${FRESH_SEED:-}" ]; then
  mkdir -p "$root/${FRESH_SEED#*:}"
  cp -a "${FRESH_SEED%%:*}" "$root/${FRESH_SEED#*:}/"
  seed=" (seeded with ${FRESH_SEED%%:*})"
fi

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

t0=$SECONDS
set +e
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 CI=true $extra_ca bash -c 'cd /work/main && "$@"' fresh-check "$@" </dev/null
rc=$?
set -e
echo "fresh-check: '$*' in a fresh Debian 12 root$seed: exit $rc after $((SECONDS - t0)) s"
exit $rc
