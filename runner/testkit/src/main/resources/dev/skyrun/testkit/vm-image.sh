#!/bin/sh
# Builds the test images of the VM bootstrap ITs (aws, gcp) from the host's Debian packages, with no pull:
#   $1  the "VM" image: busybox-static, curl (7.75+, for --aws-sigv4), Debian's docker.io client, and
#       rclone and fusermount3 (Debian's rclone and fuse3) for the bootstrap's FUSE mounts
#   $2  the job image: busybox-static only
#   $3  a job image with Debian's python3 and no curl (what a slim Python training image has)
# Each binary is copied with the shared libraries ldd lists, then `docker import`ed.
set -eu
vm_tag=$1
job_tag=$2
python_tag=$3
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

libs_of() {
  ldd "$2" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$1$(dirname "$lib")"
    cp -L "$lib" "$1$lib"
  done
}

with_libs() {
  cp "$2" "$1/usr/bin/"
  libs_of "$1" "$2"
}

rootfs "$work/job"
tar -C "$work/job" -c . | docker import -c 'ENV PATH=/usr/bin:/bin' - "$job_tag" >/dev/null

rootfs "$work/vm"
with_libs "$work/vm" /usr/bin/curl
with_libs "$work/vm" /usr/bin/docker
with_libs "$work/vm" /usr/bin/rclone
with_libs "$work/vm" /usr/bin/fusermount3
ln -s fusermount3 "$work/vm/usr/bin/fusermount" # as Debian's fuse3 has it: rclone 1.60 calls fusermount
tar -C "$work/vm" -c . | docker import -c 'ENV PATH=/usr/bin:/bin' - "$vm_tag" >/dev/null

py=$(readlink -f /usr/bin/python3)
stdlib=/usr/lib/$(basename "$py")
rootfs "$work/py"
with_libs "$work/py" "$py"
ln -s "$(basename "$py")" "$work/py/usr/bin/python3"
mkdir -p "$work/py/usr/lib"
tar -C /usr/lib --exclude='config-*' --exclude='__pycache__' --exclude='site-packages' --exclude='dist-packages' \
  -c "$(basename "$stdlib")" | tar -C "$work/py/usr/lib" -x
for so in "$stdlib"/lib-dynload/*.so; do
  libs_of "$work/py" "$so"
done
tar -C "$work/py" -c . | docker import -c 'ENV PATH=/usr/bin:/bin' - "$python_tag" >/dev/null
