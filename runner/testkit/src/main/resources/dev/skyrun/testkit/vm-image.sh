#!/bin/sh
# Builds the test images of the VM bootstrap ITs (aws, gcp) from the host's Debian packages, with no pull:
#   $1  the "VM" image: busybox-static, curl (7.75+, for --aws-sigv4) and Debian's docker.io client
#   $2  the job image: busybox-static only
# Each binary is copied with the shared libraries ldd lists, then `docker import`ed.
set -eu
vm_tag=$1
job_tag=$2
busybox=$(command -v busybox)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rootfs() {
  mkdir -p "$1/bin" "$1/usr/bin" "$1/tmp" "$1/etc"
  cp "$busybox" "$1/bin/busybox"
  for applet in $("$busybox" --list); do
    [ -e "$1/bin/$applet" ] || ln -s busybox "$1/bin/$applet"
  done
}

with_libs() {
  cp "$2" "$1/usr/bin/"
  ldd "$2" | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$1$(dirname "$lib")"
    cp -L "$lib" "$1$lib"
  done
}

rootfs "$work/job"
tar -C "$work/job" -c . | docker import -c 'ENV PATH=/usr/bin:/bin' - "$job_tag" >/dev/null

rootfs "$work/vm"
with_libs "$work/vm" /usr/bin/curl
with_libs "$work/vm" /usr/bin/docker
tar -C "$work/vm" -c . | docker import -c 'ENV PATH=/usr/bin:/bin' - "$vm_tag" >/dev/null
