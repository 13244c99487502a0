package dev.skyrun.cli;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.CatalogPlaces;
import dev.skyrun.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The old side of {@code plan --diff REF}: a spec file as it is at git revision {@code REF}, or
 * another spec file named by {@code REF}. At a revision, the repository's {@code *.yaml},
 * {@code *.yml} and {@code *.json} files of that commit are written to a temporary directory from
 * git's object store (nothing is checked out; symbolic links are left out, so a stage's task
 * file or a contract resolves inside that copy or not at all) and the spec is loaded from there,
 * its problems named {@code REF:PATH:LINE:COL}. Close it to remove the copy.
 *
 * @param label what the old side is called in the output ({@code origin/main:specs/x.yaml}, or a file)
 * @param spec the spec there; empty when the file did not exist at the revision (everything is new)
 * @param location where its problems are reported
 * @param copy the temporary copy to remove, when there is one
 */
record OldSpec(String label, Optional<Spec> spec, Location location, Optional<Path> copy) implements AutoCloseable {

    /**
     * Reads {@code ref} for the spec {@code file}: a spec file when one exists at that path, else a git revision; the
     * regions and zones it pins are checked against {@code catalog}, as the new side's are.
     */
    static OldSpec read(Path file, String ref, CatalogPlaces catalog) {
        Path asFile = Path.of(ref);
        if (Files.isRegularFile(asFile)) {
            return new OldSpec(ref, Optional.of(SpecLoader.load(asFile, ref, Map.of(), catalog)), Location.of(asFile), Optional.empty());
        }
        GitFiles git = repository(file);
        String commit = git.commit(ref);
        try {
            String path = git.pathOf(file).orElseThrow(() -> new InvalidInputException(file + " is outside the git repository "
                    + git.top()));
            Path copy = Files.createTempDirectory("skyrun-plan-diff-");
            String label = ref + ":" + path;
            try {
                Files.createDirectory(copy.resolve(".git")); // the copy is the spec's repository
                boolean present = git.copy(commit, OldSpec::specOrContract, copy).contains(path);
                Optional<Spec> spec = present ? Optional.of(SpecLoader.load(copy.resolve(path), label, Map.of(), catalog)) : Optional.empty();
                return new OldSpec(label, spec, new Location(label, 0, 0), Optional.of(copy));
            } catch (RuntimeException e) {
                delete(copy);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " at " + ref + ": " + e.getMessage(), e);
        }
    }

    private static GitFiles repository(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            return GitFiles.of(dir);
        } catch (IllegalStateException e) {
            throw new InvalidInputException(file + " is not in a git repository (" + e.getMessage()
                    + "); name the old spec as a file: plan --diff OLD.yaml " + file);
        }
    }

    private static boolean specOrContract(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".json");
    }

    @Override
    public void close() {
        copy.ifPresent(OldSpec::delete);
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
