package dev.skyrun.cli;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.run.TaskImages;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.CatalogPlaces;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code skyrun validate FILE|DIR|GLOB...}: YAML, schema and semantic checks of spec files. */
@Command(
        name = "validate",
        description = {
            "Check spec files: safe YAML, the JSON Schema, then semantics.",
            "Semantics: accelerators, mounts, needs and gates. Every problem is printed at once as"
                    + " FILE:LINE:COL: message (hint).",
        },
        footer = {
            "  skyrun validate examples/quickstart.yaml",
            "  skyrun validate specs/ examples/*.yaml     # a directory: every *.yaml below it",
            "  skyrun validate 'specs/**/*.yaml' -o json   # quoted globs: skyrun expands them",
            "  skyrun validate --quiet specs/              # CI: exit 0 all valid, 2 any invalid",
            "  skyrun validate --env HF_TOKEN=x llm/*.yaml  # envs the files leave empty, as launch --env gives them",
            "  skyrun validate specs/ -o markdown          # a pull-request comment; SKYRUN_LINK_BASE links the lines",
        })
final class ValidateCommand implements Callable<Integer>, OutputOptions.PrintsMarkdown {

    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR|GLOB", description = "Spec files, directories or globs.")
    List<String> targets = new ArrayList<>();

    @picocli.CommandLine.Option(names = {"-e", "--env"}, paramLabel = "K[=V]",
            description = "An env var as launch --env would give it: fills envs left empty and $VAR in file_mounts/workdir.")
    List<String> envs;

    /** One file's outcome. */
    record FileResult(String file, boolean valid, Optional<String> kind, Optional<String> name, Optional<String> image,
            List<ProblemView> problems) {}

    /** One problem, as {@code -o json} shows it. */
    record ProblemView(String file, int line, int column, String message, Optional<String> hint) {
        static ProblemView of(Problem p) {
            Location l = p.location();
            return new ProblemView(l.file(), l.line(), l.column(), p.message(), p.hint());
        }
    }

    /** What {@code -o json} prints. */
    record ValidateView(boolean valid, int files, int invalid, List<FileResult> results) {}

    @Override
    public Integer call() {
        List<FileResult> results = new ArrayList<>();
        Map<String, String> given = KeyValues.parse("--env", envs, output.context().env());
        CatalogPlaces places = CatalogPlaces.forEnvironment(output.context().env());
        for (String target : targets) {
            List<Path> files = SpecFiles.expand(target);
            if (files.isEmpty()) {
                results.add(new FileResult(target, false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(new ProblemView(
                        target, 0, 0, "no spec files match", Optional.of("name a .yaml file, a directory or a glob")))));
            }
            files.forEach(f -> results.add(validate(f, given, places)));
        }
        int invalid = (int) results.stream().filter(r -> !r.valid()).count();
        ValidateView view = new ValidateView(invalid == 0, results.size(), invalid, results);
        PrintWriter out = output.out();
        PrintWriter err = output.err();
        if (output.json()) {
            JsonOutput.write(out, view);
        } else if (output.markdown()) {
            ValidateMarkdown.render(out, view, Markdown.linkBase(output.context().env()));
        } else {
            render(view, out, err);
        }
        return invalid == 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
    }

    private FileResult validate(Path file, Map<String, String> envs, CatalogPlaces places) {
        String name = file.toString();
        try {
            Spec s = SpecLoader.load(file, name, envs, places);
            String kind = s instanceof PipelineSpec p ? "pipeline (" + p.stages().size() + " stages)" : "task";
            return new FileResult(name, true, Optional.of(kind), Optional.of(s.name()),
                    s instanceof TaskSpec t ? Optional.of(TaskImages.describe(t, output.context().env())) : Optional.empty(), List.of());
        } catch (InvalidInputException e) {
            return new FileResult(name, false, Optional.empty(), Optional.empty(), Optional.empty(),
                    e.problems().stream().map(ProblemView::of).toList());
        }
    }

    private void render(ValidateView view, PrintWriter out, PrintWriter err) {
        int problems = 0;
        for (FileResult r : view.results()) {
            if (r.valid() && !output.quiet()) {
                out.println("ok  " + r.file() + "  " + r.kind().orElse("") + " " + r.name().orElse("")
                        + r.image().map(i -> "  image " + i).orElse(""));
            }
            for (ProblemView p : r.problems()) {
                problems++;
                err.println(new Problem(new Location(p.file(), p.line(), p.column()), p.message(), p.hint()));
            }
        }
        if (!view.valid()) {
            err.println(view.invalid() + " of " + view.files() + (view.files() == 1 ? " file" : " files")
                    + " invalid, " + problems + (problems == 1 ? " problem" : " problems"));
        }
        out.flush();
        err.flush();
    }
}
