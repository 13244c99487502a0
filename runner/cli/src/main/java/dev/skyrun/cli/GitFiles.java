package dev.skyrun.cli;

import dev.skyrun.schema.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a git repository's files as they are at a revision, through {@code git} and from its
 * object store only ({@code git ls-tree}, {@code git cat-file}, as {@code git show REV:path} does):
 * nothing is checked out, no hook, filter or textconv runs, and only regular files are read
 * (symbolic links at the revision are left out), each written below a directory given by the caller.
 *
 * <pre>{@code
 * GitFiles git = GitFiles.of(Path.of("specs"));
 * String commit = git.commit("origin/main");
 * git.copy(commit, p -> p.endsWith(".yaml"), tempDir);
 * }</pre>
 *
 * @param top the repository's top directory, links resolved
 */
record GitFiles(Path top) {
    private static final long MAX_FILE = 4L << 20;
    private static final int MAX_FILES = 20_000;

    /** The repository {@code dir} is in. */
    static GitFiles of(Path dir) {
        String out = run(dir, null, "rev-parse", "--show-toplevel").strip();
        try {
            return new GitFiles(Path.of(out).toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commit {@code revision} names; refuses anything that is not one. */
    String commit(String revision) {
        if (revision.isEmpty() || revision.startsWith("-") || !revision.chars().allMatch(c -> c > ' ' && c != 0x7f && c != ':')) {
            throw new InvalidInputException("'" + revision + "' is not a git revision");
        }
        try {
            return run(top, null, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}").strip();
        } catch (IllegalStateException e) {
            throw new InvalidInputException("'" + revision + "' names no commit of the repository " + top
                    + "; fetch it first (git fetch origin main), or name a spec file");
        }
    }

    /**
     * Writes every regular file of {@code commit} whose repository path {@code wanted} accepts
     * below {@code into}, at the same relative path, and returns those paths.
     */
    List<String> copy(String commit, java.util.function.Predicate<String> wanted, Path into) throws IOException {
        List<String[]> blobs = new ArrayList<>();
        for (String entry : run(top, null, "ls-tree", "-r", "-z", "-l", "--full-tree", commit).split("\0")) {
            int tab = entry.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String[] meta = entry.substring(0, tab).trim().split(" +");
            String path = entry.substring(tab + 1);
            boolean regular = meta[0].equals("100644") || meta[0].equals("100755");
            if (regular && wanted.test(path) && Long.parseLong(meta[3]) <= MAX_FILE && safe(path)) {
                blobs.add(new String[] {meta[2], path});
            }
        }
        if (blobs.size() > MAX_FILES) {
            throw new InvalidInputException(commit + " has more than " + MAX_FILES + " spec files; name the old spec as a file");
        }
        StringBuilder in = new StringBuilder();
        blobs.forEach(b -> in.append(b[0]).append('\n'));
        byte[] all = runBytes(top, in.toString().getBytes(StandardCharsets.US_ASCII), "cat-file", "--batch");
        int at = 0;
        List<String> written = new ArrayList<>();
        for (String[] b : blobs) {
            int nl = indexOf(all, (byte) '\n', at);
            String[] header = new String(all, at, nl - at, StandardCharsets.US_ASCII).split(" ");
            int size = Integer.parseInt(header[2]);
            Path target = into.resolve(b[1]).normalize();
            Files.createDirectories(target.getParent());
            Files.write(target, java.util.Arrays.copyOfRange(all, nl + 1, nl + 1 + size));
            written.add(b[1]);
            at = nl + 1 + size + 1;
        }
        return written;
    }

    /** The path of {@code file} inside the repository, with {@code /}. */
    Optional<String> pathOf(Path file) throws IOException {
        Path real = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
        return real.startsWith(top) ? Optional.of(top.relativize(real).toString().replace('\\', '/')) : Optional.empty();
    }

    /** A relative path of plain names (no {@code ..}, no leading {@code /}, no {@code .git}). */
    private static boolean safe(String path) {
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equalsIgnoreCase(".git")) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("git cat-file --batch: truncated output");
    }

    private static String run(Path dir, byte[] stdin, String... args) {
        return new String(runBytes(dir, stdin, args), StandardCharsets.UTF_8);
    }

    /** Runs {@code git -C dir ARGS} (no pager, no fsmonitor, no prompts); its stdout, or an exception with its stderr. */
    private static byte[] runBytes(Path dir, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.fsmonitor=false", "--no-pager", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
        try {
            Process p = pb.start();
            Thread feeder = Thread.ofVirtual().start(() -> feed(p.getOutputStream(), stdin));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errs = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("git " + args[0] + " did not finish in 60 s");
            }
            feeder.join();
            errs.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " in " + dir + " failed: "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
            return out;
        } catch (IOException e) {
            throw new InvalidInputException("cannot run git (" + e.getMessage() + "); install git to diff against a revision");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running git", e);
        }
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            if (bytes != null) {
                in.write(bytes);
            }
        } catch (IOException e) {
            // git exited early; its exit code tells
        }
    }

    private static void drain(InputStream s, ByteArrayOutputStream to) {
        try {
            s.transferTo(to);
        } catch (IOException e) {
            // the exit code tells
        }
    }
}
