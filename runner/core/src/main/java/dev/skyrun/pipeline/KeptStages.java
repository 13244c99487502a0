package dev.skyrun.pipeline;

import dev.skyrun.manifest.ArtifactDigest;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.manifest.StageRecord;
import dev.skyrun.manifest.StoredArtifacts;
import dev.skyrun.spec.Stage;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.storage.LocalDirStore;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keep warm: the results a rollback's release kept, by stage, and their re-use. A stage whose
 * inputs digest ({@link StageInputs}) is the one its release recorded is not run again: its
 * artifacts are copied from the kept run store into the new run's store (each checked against
 * its recorded sha256) and its metrics taken as recorded. Anything that does not match runs.
 *
 * @param release the release the results are from, {@code NAME@VERSION}
 * @param stages stage name to what it recorded
 * @param artifacts stage name to its recorded artifacts
 * @param store the kept run store the artifacts are in, and its URI
 * @param storeUri the URI artifact URIs of {@code store} start with
 */
public record KeptStages(String release, Map<String, StageRecord> stages, Map<String, List<ArtifactEntry>> artifacts,
        Optional<ObjectStore> store, String storeUri) {

    /** Nothing kept: a launch. */
    public static final KeptStages NONE = new KeptStages("", Map.of(), Map.of(), Optional.empty(), "");

    /** What release {@code release} ({@code NAME@VERSION}, manifest {@code m}) kept in its run store under {@code home}. */
    public static KeptStages of(Manifest m, String release, SkyrunHome home) throws IOException {
        Map<String, StageRecord> stages = new LinkedHashMap<>();
        Map<String, List<ArtifactEntry>> artifacts = new LinkedHashMap<>();
        m.stages().forEach(s -> stages.put(s.name(), s));
        m.artifacts().forEach(a -> artifacts.computeIfAbsent(a.stage(), k -> new ArrayList<>()).add(a));
        if (m.runId().isEmpty()) {
            return new KeptStages(release, stages, artifacts, Optional.empty(), "");
        }
        Path dir = PipelineRuns.storeDir(home, m.runId().get());
        return new KeptStages(release, stages, artifacts, Optional.of(new LocalDirStore(dir)), PipelineRuns.storeUri(dir));
    }

    /**
     * A stage's kept outcome, re-used into {@code layout}'s store, when its inputs are unchanged.
     *
     * @param inputs the stage's inputs digest now
     */
    Optional<StageOutcome> reuse(Stage stage, String inputs, PipelineRunLayout layout) throws IOException {
        StageRecord kept = stages.get(stage.name());
        if (kept == null || store.isEmpty() || kept.status() != StageRecord.Status.SUCCEEDED
                || !kept.inputsSha256().equals(Optional.of(inputs))) {
            return Optional.empty();
        }
        List<ArtifactEntry> copied = new ArrayList<>();
        for (ArtifactEntry a : artifacts.getOrDefault(stage.name(), List.of())) {
            Optional<ArtifactEntry> c = copy(a, layout);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            copied.add(c.get());
        }
        StageRecord record = new StageRecord(kept.name(), kept.status(), kept.image(), kept.metrics(), kept.contracts(),
                Optional.empty(), kept.ran(), Optional.empty(), kept.inputsSha256(),
                Optional.of(kept.reusedFrom().orElse(release)));
        return Optional.of(new StageOutcome(record, copied, stage.task().gates()));
    }

    /** Copies an artifact into the new run's store under the same key; empty when it is gone or changed. */
    private Optional<ArtifactEntry> copy(ArtifactEntry a, PipelineRunLayout layout) throws IOException {
        String root = storeUri.endsWith("/") ? storeUri : storeUri + "/";
        if (!a.uri().startsWith(root)) {
            return Optional.empty();
        }
        String key = a.uri().substring(root.length());
        ObjectStore from = store.orElseThrow();
        List<String> keys = a.digest().kind() == ArtifactDigest.Kind.TREE ? from.list(key + "/") : List.of(key);
        Path tmp = Files.createTempFile("skyrun-kept", ".bin");
        try {
            for (String k : keys) {
                try (InputStream in = from.open(k)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                layout.store().put(k, tmp);
            }
            ArtifactDigest now = StoredArtifacts.digest(layout.store(), key, a.digest().kind());
            if (!now.sha256().equals(a.digest().sha256())) {
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(tmp);
        }
        String uri = layout.storeUri() + "/" + key;
        return Optional.of(new ArtifactEntry(a.id(), a.stage(), a.role(), a.digest(), uri, a.producer(), a.attempts(),
                a.wallSeconds(), a.estimatedCostUsd()));
    }
}
