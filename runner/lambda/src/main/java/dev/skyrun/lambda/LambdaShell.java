package dev.skyrun.lambda;

import dev.skyrun.exec.VmShell;
import dev.skyrun.exec.VmShellParts;

/**
 * The Lambda side of a VM's bootstrap. Lambda has no object store, secret store or instance
 * metadata of its own, so everything the bootstrap reads and writes is a file on the instance
 * that the runner reaches over SSH: the "store" is {@code STORE_ROOT/BUCKET/KEY}, the runner
 * puts the job script and the node's rank there, and the node's heartbeat, log and exit code
 * are read back from it ({@link NodeStore}); secrets are files in a memory-only directory the
 * runner wrote over SSH (never in user data). On-demand only: there is no interruption notice.
 *
 * @param storeRoot the directory of the status objects on the instance
 * @param secretDir the cluster's secret directory on the instance
 */
record LambdaShell(String storeRoot, String secretDir) implements VmShell {

    /** The bucket name the store's keys start with (the instance's own files: there is one). */
    static final String BUCKET = "skyrun";
    /** The key of a node's rank, written by the runner to each instance. */
    static final String RANK_KEY = "rank";

    @Override
    public String scheme() {
        return "lambda";
    }

    @Override
    public String functions() {
        return String.join("\n",
                VmShellParts.assign("STORE_ROOT", storeRoot, "SECRET_DIR", secretDir),
                "store_put() { mkdir -p \"$STORE_ROOT/$1/$(dirname \"$2\")\" && cp \"$3\" \"$STORE_ROOT/$1/$2.part\""
                        + " && chmod 644 \"$STORE_ROOT/$1/$2.part\" && mv -f \"$STORE_ROOT/$1/$2.part\" \"$STORE_ROOT/$1/$2\"; }",
                "store_get() { [ -f \"$STORE_ROOT/$1/$2\" ] && cp \"$STORE_ROOT/$1/$2\" \"$3\"; }",
                "store_list() { _p=${2%/}; [ -d \"$STORE_ROOT/$1/$_p\" ] || return 0; (cd \"$STORE_ROOT/$1\" && find \"$_p\" -type f ! -name '*.part'); }",
                "secret_get() { cat \"$SECRET_DIR/$1\"; }",
                "preempt_notice() { return 1; }",
                "node_rank() { cat \"$STORE_ROOT/" + BUCKET + "/" + RANK_KEY + "\" 2>/dev/null; }");
    }
}
