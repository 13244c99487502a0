package dev.skyrun.cli;

import dev.skyrun.manifest.Baseline;
import dev.skyrun.manifest.Digests;
import dev.skyrun.manifest.Fusion;
import dev.skyrun.manifest.GatesFile;
import dev.skyrun.manifest.Manifest;
import dev.skyrun.manifest.ManifestJson;
import dev.skyrun.manifest.ManifestWriter;
import dev.skyrun.manifest.Provenance;
import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.manifest.SiteManifest;
import dev.skyrun.manifest.SourceRecord;
import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyrun fuse}: applies gates to site manifests and writes one fused release manifest. */
@Command(
        name = "fuse",
        description = {
            "Apply gates to site manifests and fuse them into one release.",
            "Fuses artifact manifests produced elsewhere (one per site) into one release manifest: the same gate"
                    + " + fuse step a pipeline run ends with. Site manifests follow schemas/site-manifest.schema.json,"
                    + " the gates file schemas/gates.schema.json, the fused one schemas/manifest.schema.json."
        },
        footer = {
            "  skyrun fuse -m hf.json -m gcp.json -m aws.json --gates gates.yaml --out fused.json",
            "  skyrun fuse -m hf.json -m gcp.json --baseline stable.json --release federated@1.5.0 --out fused-1.5.0.json",
            "  skyrun fuse -m hf.json -o json > fused.json",
            "  skyrun fuse -m textgen.json -m embed.json -m distill.json --gates specs/federated.yaml --out fused.json",
            "",
            "gates.yaml:",
            "  release: {name: federated, version: 1.4.0}",
            "  gates:",
            "    textgen-lora:",
            "      - {name: quality, metric: eval_accuracy, min: 0.82, vs_baseline: no_worse}",
            "      - {name: compat, contract: contracts/fusion-api.json}",
            "",
            "Exit codes: 0 PROMOTED, 1 REJECTED (the manifest is still written), 2 bad input or the",
            "output file exists (a manifest is never rewritten)."
        })
final class FuseCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = {"-m", "--manifest"}, paramLabel = "FILE", required = true, description = "A site manifest; repeat per site.")
    List<Path> sites;

    @Option(names = "--gates", paramLabel = "FILE", description = "Gates per site (and optionally the release), or a"
            + " pipeline spec: its stages' gates judge the sites of the same names.")
    Path gates;

    @Option(names = "--baseline", paramLabel = "FILE", description = "The stable fused manifest to compare with (vs_baseline, compat).")
    Path baseline;

    @Option(names = "--release", paramLabel = "NAME@VERSION", description = "The release to make (default: the gates file's, else fused@0.0.0+TIMESTAMP).")
    String release;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the fused manifest (never overwritten).")
    Path outFile;

    @Override
    public Integer call() throws IOException {
        Instant now = Instant.now();
        Optional<GatesFile> gatesFile = gates == null ? Optional.empty() : Optional.of(GatesFile.read(gates));
        List<SourceRecord> sources = new ArrayList<>();
        List<StageOutcome> stages = new ArrayList<>();
        for (Path site : sites) {
            SiteManifest m = SiteManifest.read(site);
            sources.add(m.source());
            stages.add(m.outcome(gatesFile.map(g -> g.gates().getOrDefault(m.stage().name(), List.of())).orElse(List.of())));
        }
        gatesFile.ifPresent(g -> checkEverySiteIsKnown(g, stages));
        if (gates != null) {
            sources.add(new SourceRecord(gates.toString(), Digests.sha256(Files.readAllBytes(gates))));
        }
        Optional<Baseline> base = baseline == null ? Optional.empty() : Optional.of(readBaseline(baseline));
        Manifest fused = Fusion.fuse(releaseId(gatesFile, now), now, stages, base, Provenance.ofSources(sources));
        byte[] bytes = ManifestJson.bytes(fused);
        if (outFile != null) {
            write(outFile, bytes);
        }
        print(fused, bytes);
        return fused.promoted() ? ExitCode.OK : ExitCode.RUN_FAILED;
    }

    private void checkEverySiteIsKnown(GatesFile g, List<StageOutcome> stages) {
        List<String> names = stages.stream().map(s -> s.stage().name()).toList();
        List<Problem> problems = g.gates().keySet().stream().filter(s -> !names.contains(s))
                .map(s -> Problem.of(Location.of(gates), "gates name site '" + s + "', but no -m manifest is that site",
                        "sites given: " + String.join(", ", names)))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private ReleaseId releaseId(Optional<GatesFile> g, Instant now) {
        if (release != null) {
            return ReleaseId.parse(release);
        }
        return g.flatMap(GatesFile::release).orElseGet(() -> new ReleaseId("fused",
                "0.0.0+" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(now)));
    }

    private static Baseline readBaseline(Path file) throws IOException {
        try {
            return Baseline.of(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Problem.of(Location.of(file), "not a fused manifest: " + e.getMessage(),
                    "pass the manifest of the current stable release"));
        }
    }

    private void write(Path file, byte[] bytes) throws IOException {
        try {
            ManifestWriter.writeOnce(file, bytes);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException(Problem.of(Location.of(file), "exists; a manifest is never rewritten",
                    "choose a new file name (e.g. with the release version in it)"));
        }
        if (!output.quiet()) {
            output.err().printf("wrote %s%n", file);
        }
    }

    private void print(Manifest fused, byte[] bytes) {
        PrintWriter out = output.out();
        if (output.json()) {
            out.print(new String(bytes, StandardCharsets.UTF_8));
            out.flush();
        } else if (!output.quiet()) {
            ManifestText.render(out, fused, Digests.sha256(bytes));
        }
    }
}
