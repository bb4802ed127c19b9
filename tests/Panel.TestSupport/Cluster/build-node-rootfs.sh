#!/usr/bin/env bash
# Builds, once per machine, the Debian 13 "trixie" root file system that the multi-node test cluster
# (DockerCluster) runs its engines from: docker.io (26.1.5, Engine API 1.45) and docker-cli, iptables, ca-certificates,
# procps, iproute2 and openssh-server, made with debootstrap from this machine's apt mirror. It is never
# installed onto the host: each node is a chrooted dockerd in a network namespace of its own.
#
# The root file system is kept as a folder in $STAND_IN_CACHE/docker-node/rootfs-<key>, where the key
# covers the mirror and this script: a second run prints the folder at once. Concurrent runs wait for
# each other (flock on $STAND_IN_CACHE/docker-node.lock), so it is built once. The folder is built in a
# work folder beside it and renamed when complete; a half-built one from a killed run is removed.
#
# Usage: build-node-rootfs.sh            prints the root file system's folder as its last line
# Environment: STAND_IN_CACHE (/var/cache/dropit/stand-ins),
#   DEBIAN_MIRROR (the URI of this machine's apt source for its own release, else http://deb.debian.org/debian)
set -euo pipefail

readonly suite=trixie
readonly packages=docker.io,docker-cli,iptables,ca-certificates,procps,iproute2,openssh-server
readonly cache_dir="${STAND_IN_CACHE:-/var/cache/dropit/stand-ins}"
readonly node_cache="$cache_dir/docker-node"

script_path="$(readlink -f "${BASH_SOURCE[0]}")"
readonly script_path

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root (debootstrap and chroot need it)"
[[ -x /usr/sbin/debootstrap ]] || die "/usr/sbin/debootstrap is missing: apt-get install -y debootstrap"
command -v flock >/dev/null || die "flock is missing: apt-get install -y util-linux"

# The URI of this machine's apt source for its own release (bookworm, not bookworm-security), from
# /etc/apt/sources.list and /etc/apt/sources.list.d/*.{list,sources}.
apt_mirror() {
    local codename file
    # shellcheck source=/dev/null
    codename="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
    shopt -s nullglob
    local lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list) sources=(/etc/apt/sources.list.d/*.sources)
    shopt -u nullglob
    {
        for file in "${lists[@]}"; do
            [[ -f "$file" ]] || continue
            sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//;t;d' "$file" \
                | awk -v suite="$codename" '$2 == suite { print $1 }'
        done
        for file in "${sources[@]}"; do
            sed '/^[[:space:]]*#/d' "$file" | awk -v suite="$codename" 'BEGIN { RS = ""; FS = "\n" }
                {
                    types = uris = suites = ""
                    for (i = 1; i <= NF; i++) {
                        key = tolower($i); value = $i; sub(/^[^:]*:[ \t]*/, "", value)
                        if (key ~ /^types:/) types = value
                        if (key ~ /^uris:/) uris = value
                        if (key ~ /^suites:/) suites = value
                    }
                    if (types !~ /(^|[ \t])deb([ \t]|$)/) next
                    n = split(suites, s, /[ \t]+/)
                    for (j = 1; j <= n; j++) if (s[j] == suite) { split(uris, u, /[ \t]+/); print u[1]; next }
                }'
        done
    } | sed -n 1p
}

mkdir -p "$node_cache"
exec 9>>"$cache_dir/docker-node.lock"
flock 9

mirror="${DEBIAN_MIRROR:-$(apt_mirror)}"
mirror="${mirror:-http://deb.debian.org/debian}"
mirror="${mirror%/}"
key="$({ printf '%s %s %s\n' "$suite" "$packages" "$mirror"; sha256sum <"$script_path"; } | sha256sum | cut -c1-16)"
rootfs="$node_cache/rootfs-$key"

if [[ -x "$rootfs/usr/sbin/dockerd" && -f "$rootfs/.complete" ]]; then
    printf '%s\n' "$rootfs"
    exit 0
fi

# Work folders of killed runs (never into a mount left behind), then older versions of the rootfs.
find "$node_cache" -mindepth 1 -maxdepth 1 -name 'work.*' -exec rm -rf --one-file-system {} +
work="$(mktemp -d "$node_cache/work.XXXXXX")"
chmod 755 "$work"
trap 'rm -rf --one-file-system "$work"' EXIT

log "debootstrap $suite (minbase, $packages) from $mirror into $work (takes a few minutes, once per machine)"
/usr/sbin/debootstrap --variant=minbase --include="$packages" "$suite" "$work" "$mirror" >&2 \
    || die "debootstrap failed (see $work/debootstrap/debootstrap.log)"

# No service starts inside the root file system on its own; the cluster starts what it needs.
printf '#!/bin/sh\nexit 101\n' >"$work/usr/sbin/policy-rc.d"
chmod 755 "$work/usr/sbin/policy-rc.d"
chroot "$work" apt-get clean
rm -rf "${work:?}"/var/lib/apt/lists/* "${work:?}"/var/log/*.log "${work:?}"/tmp/*
# sshd needs its privilege separation folder; host keys are made per node when sshd starts.
mkdir -p "$work/run/sshd"
rm -f "$work"/etc/ssh/ssh_host_*
: >"$work/.complete"

find "$node_cache" -mindepth 1 -maxdepth 1 -name 'rootfs-*' -exec rm -rf --one-file-system {} +
mv "$work" "$rootfs"
trap - EXIT
log "node root file system ready: $rootfs"
printf '%s\n' "$rootfs"
