#!/usr/bin/env bash
# Builds skyrun's job images locally, pulling nothing (no registry needed):
#   skyrun/busybox:local   a busybox root file system made from Debian's busybox-static (/bin/busybox),
#                          imported with `docker import` (what containers/busybox/Dockerfile describes).
# Usage: containers/build-images.sh [TAG]   (default skyrun/busybox:local; FORCE=1 rebuilds)
# Prints the tag it built or found. containers/docker-up.sh installs busybox-static and starts dockerd.
set -euo pipefail
tag=${1:-skyrun/busybox:local}
busybox=${BUSYBOX:-/bin/busybox}
if [ -z "${FORCE:-}" ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi
if [ ! -x "$busybox" ]; then
  echo "build-images: $busybox is missing; install Debian's busybox-static (containers/docker-up.sh does)" >&2
  exit 2
fi
if ! "$busybox" --list >/dev/null 2>&1 || ! file "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  echo "build-images: $busybox must be a static busybox (Debian: busybox-static)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,skyrun}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s /bin/busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
tar --numeric-owner --owner=0 --group=0 -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["sh"]' \
  --change 'LABEL org.opencontainers.image.title=skyrun-busybox' \
  - "$tag" >/dev/null
echo "$tag"
