package dev.skyrun.exec;

import static dev.skyrun.exec.VmBootstrap.q;

import java.util.List;
import java.util.Map;

/**
 * The FUSE side of {@link VmBootstrap#job}, POSIX sh: {@code MOUNT} and {@code MOUNT_CACHED}
 * store mounts mounted on the node with {@code rclone mount} (installed with the system's package
 * manager when the image lacks it) in the node's work directory, which the job's container binds;
 * {@code flush_mounts} waits until each cached mount uploaded every write (asked of rclone's remote
 * control on 127.0.0.1, with a password made on the node), {@code unmount_all} unmounts. rclone
 * reaches the store with the node's own identity ({@link VmShell#mountEnvironment}): no credential
 * is in the script.
 */
final class VmMountParts {

    /** How long {@code flush_mounts} waits for a cached mount's uploads, in seconds. */
    static final int FLUSH_WAIT_SECONDS = 600;

    /** How long {@code fuse_mount} waits for rclone's mount to appear, in seconds. */
    static final int MOUNT_WAIT_SECONDS = 30;

    private VmMountParts() {}

    /** {@code fuse_mount BUCKET KEY DIR streamed|cached}, {@code flush_mounts} and {@code unmount_all}. */
    static List<String> functions(Map<String, String> rcloneEnv) {
        StringBuilder env = new StringBuilder("rclone_env() { env RCLONE_CONFIG=/dev/null RCLONE_RC_USER=skyrun RCLONE_RC_PASS=\"$RC_PASS\"");
        new java.util.TreeMap<>(rcloneEnv).forEach((k, v) -> env.append(' ').append(JobScript.requireName(k)).append('=').append(q(v)));
        env.append(" \"$@\"; }");
        return List.of(
                env.toString(),
                "RC_PASS=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \\n')",
                "install_rclone() {",
                "  say 'installing rclone and fuse3'",
                "  if command -v apt-get >/dev/null 2>&1; then",
                "    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rclone fuse3",
                "  elif command -v dnf >/dev/null 2>&1; then dnf install -y -q rclone fuse3",
                "  else yum install -y -q rclone fuse3; fi >> \"$LOG\" 2>&1",
                "}",
                "is_mounted() { awk -v d=\"$1\" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }",
                "rc_call() { printf 'user = \"skyrun:%s\"\\n' \"$RC_PASS\" | curl -sf -m 10 -K - -X POST \"http://127.0.0.1:$1/$2\"; }",
                "fuse_mount() {",
                "  { command -v rclone && command -v fusermount; } >/dev/null 2>&1 || install_rclone || return 1",
                "  mkdir -p \"$3\" || return 1",
                "  _src=skyrun:$1; [ -n \"$2\" ] && _src=$_src/$2",
                "  _dir=$3 _mode=$4",
                "  set -- --log-file \"$_dir.log\" --log-level INFO --dir-cache-time 5s --allow-other --rc --rc-addr 127.0.0.1:0",
                "  [ \"$_mode\" = cached ] && set -- \"$@\" --vfs-cache-mode full --vfs-write-back 1s --cache-dir \"$_dir.cache\"",
                "  rclone_env rclone mount \"$_src\" \"$_dir\" \"$@\" < /dev/null >> \"$_dir.log\" 2>&1 &",
                "  _pid=$! _n=0",
                "  until is_mounted \"$_dir\"; do",
                "    _n=$((_n + 1))",
                "    if [ \"$_n\" -gt " + MOUNT_WAIT_SECONDS + " ] || ! kill -0 \"$_pid\" 2>/dev/null; then",
                "      say \"rclone: $(tail -n 3 \"$_dir.log\" | tr '\\n' ' ')\"; kill \"$_pid\" 2>/dev/null; return 1",
                "    fi",
                "    sleep 1",
                "  done",
                "  _port=$(sed -n 's|.*Serving remote control on http://127\\.0\\.0\\.1:\\([0-9]*\\)/.*|\\1|p' \"$_dir.log\" | tail -n 1)",
                "  printf '%s %s %s %s\\n' \"$_pid\" \"$_mode\" \"${_port:-0}\" \"$_dir\" >> \"$WORK/.fuse\"",
                "}",
                "flush_mounts() {",
                "  [ -s \"$WORK/.fuse\" ] || return 0",
                "  _ok=0",
                "  while read -r _pid _mode _port _dir; do",
                "    [ \"$_mode\" = cached ] || continue",
                "    _n=0",
                "    while :; do",
                "      _s=$(rc_call \"$_port\" vfs/stats) || { say \"rclone of $_dir does not answer\"; _ok=1; break; }",
                "      _s=$(printf '%s' \"$_s\" | tr -d ' \\t\\n')",
                "      _up=$(printf '%s' \"$_s\" | sed -n 's/.*\"uploadsInProgress\":\\([0-9]*\\).*/\\1/p')",
                "      _qd=$(printf '%s' \"$_s\" | sed -n 's/.*\"uploadsQueued\":\\([0-9]*\\).*/\\1/p')",
                "      [ \"${_up:-x}${_qd:-x}\" = 00 ] && break",
                "      _n=$((_n + 1))",
                "      if [ \"$_n\" -ge " + FLUSH_WAIT_SECONDS + " ]; then say \"writes to $_dir not uploaded within "
                        + FLUSH_WAIT_SECONDS + " s\"; _ok=1; break; fi",
                "      sleep 1",
                "    done",
                "  done < \"$WORK/.fuse\"",
                "  return $_ok",
                "}",
                "unmount_all() {",
                "  [ -s \"$WORK/.fuse\" ] || return 0",
                "  while read -r _pid _mode _port _dir; do",
                "    fusermount -u \"$_dir\" 2>/dev/null || fusermount -uz \"$_dir\" 2>/dev/null",
                "    kill \"$_pid\" 2>/dev/null",
                "  done < \"$WORK/.fuse\"",
                "  rm -f \"$WORK/.fuse\"",
                "}");
    }

    /** The line that mounts {@code m} ({@code BUCKET/KEY} of this node's store) at {@code dir}, or fails the setup. */
    static String mount(JobSpec.Mount m, String bucket, String key, String dir, boolean nodesMount) {
        if (!nodesMount) {
            return "fail_setup " + q("mounting " + m.source() + " (mode " + m.mode() + "): this cloud's nodes do not mount;"
                    + " use mode: COPY");
        }
        String mode = m.mode() == dev.skyrun.spec.FileMount.MountMode.MOUNT_CACHED ? "cached" : "streamed";
        return "fuse_mount " + q(bucket) + " " + q(key) + " " + dir + " " + mode + " && say " + q("mounted " + m.source()
                + " at " + m.target() + " (" + m.mode() + ")") + " || fail_setup " + q("mounting " + m.source());
    }
}
