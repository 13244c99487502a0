package dev.skyrun.lambda;

import static dev.skyrun.exec.JobScript.quote;

import dev.skyrun.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster's status objects where its nodes keep them: files under {@code ROOT} on each
 * instance, reached over SSH. Keys are {@code BUCKET/KEY} like every plug-in store, so the one
 * VM status reader ({@link dev.skyrun.cloud.VmStatus}) reads them. A key under {@code node-R/}
 * lives on node R (each node writes its own); any other key is written to every node and read
 * from node 0 (the job script, the workdir).
 *
 * @param root the directory on the instances
 * @param nodes how many nodes
 * @param shell the session to node R
 */
record NodeStore(String root, int nodes, IntFunction<NodeShell> shell) implements ObjectStore {

    private static final Pattern NODE = Pattern.compile("/node-(\\d+)/");
    private static final int ABSENT = 44;

    @Override
    public void put(String key, Path file) throws IOException {
        put(key, Files.readAllBytes(file));
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        String path = path(key);
        String dir = path.substring(0, path.lastIndexOf('/'));
        String command = "umask 077 && mkdir -p " + quote(dir) + " && cat > " + quote(path + ".part") + " && mv -f "
                + quote(path + ".part") + " " + quote(path);
        for (int r : ranks(key)) {
            check(shell.apply(r).run(command, bytes), "write " + key);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String path = path(key);
        NodeShell.Result r = shell.apply(ranks(key)[0]).run("if [ -f " + quote(path) + " ]; then cat -- " + quote(path)
                + "; else exit " + ABSENT + "; fi", new byte[0]);
        if (r.exit() == ABSENT) {
            throw new NoSuchFileException(key);
        }
        check(r, "read " + key);
        return new ByteArrayInputStream(r.stdout());
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String path = path(prefix);
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        NodeShell.Result r = shell.apply(ranks(prefix)[0]).run("[ -d " + quote(dir) + " ] || exit 0; find " + quote(dir)
                + " -type f ! -name '*.part'", new byte[0]);
        check(r, "list " + prefix);
        String base = root.endsWith("/") ? root : root + "/";
        return r.text().lines().filter(l -> l.startsWith(base)).map(l -> l.substring(base.length()))
                .filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    @Override
    public void delete(String key) throws IOException {
        for (int r : ranks(key)) {
            check(shell.apply(r).run("rm -f -- " + quote(path(key)), new byte[0]), "delete " + key);
        }
    }

    private String path(String key) throws IOException {
        if (key.startsWith("/") || key.contains("..") || key.contains("\n")) {
            throw new IOException("not a store key: " + key);
        }
        return (root.endsWith("/") ? root : root + "/") + key;
    }

    private int[] ranks(String key) {
        Matcher m = NODE.matcher(key);
        if (m.find()) {
            return new int[] {Integer.parseInt(m.group(1))};
        }
        return java.util.stream.IntStream.range(0, nodes).toArray();
    }

    private static void check(NodeShell.Result r, String what) throws IOException {
        if (r.exit() != 0) {
            throw new IOException("cannot " + what + " on the instance (exit " + r.exit() + "): " + r.stderr().strip());
        }
    }
}
