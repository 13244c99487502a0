package dev.skyrun.spec;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads YAML files safely: the size is checked before parsing, the bytes must be UTF-8, no
 * class is ever instantiated (only the plain YAML types are built, custom tags are refused),
 * duplicate keys are errors naming both lines, nesting depth and alias expansion are bounded.
 *
 * <pre>{@code
 * List<YamlDocument> docs = SafeYaml.read(Path.of("specs/train.yaml"), "specs/train.yaml");
 * }</pre>
 *
 * <p>Every problem is an {@link InvalidInputException} whose problems carry file:line:col.
 */
public final class SafeYaml {

    private SafeYaml() {}

    /** Reads every document of {@code file} within {@link YamlLimits#DEFAULT}. */
    public static List<YamlDocument> read(Path file, String displayName) {
        return read(file, displayName, YamlLimits.DEFAULT);
    }

    /** Reads every document of {@code file}; {@code displayName} is how locations name it. */
    public static List<YamlDocument> read(Path file, String displayName, YamlLimits limits) {
        Location whole = new Location(displayName, 0, 0);
        byte[] bytes = readBounded(file, whole, limits);
        String text = decode(bytes, displayName);
        List<YamlDocument> docs = parse(text, displayName, limits);
        if (docs.isEmpty() || docs.stream().allMatch(d -> d.root().isNull())) {
            throw new InvalidInputException(Problem.of(whole, "the file is empty",
                    "write a task (name:, resources:, run:) or a pipeline (kind: pipeline, stages:)"));
        }
        return docs;
    }

    /** Parses YAML text (already decoded) into documents. */
    public static List<YamlDocument> parse(String text, String displayName, YamlLimits limits) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(displayName)
                .setUseMarks(true)
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()))
                .build();
        YamlTreeBuilder builder = new YamlTreeBuilder(displayName, limits);
        try {
            new Parse(settings).parseString(stripBom(text)).forEach(builder::accept);
        } catch (MarkedYamlEngineException e) {
            throw new InvalidInputException(syntaxProblem(e, displayName));
        } catch (YamlEngineException e) {
            throw new InvalidInputException(Problem.of(new Location(displayName, 0, 0),
                    "cannot read the YAML: " + e.getMessage(), "fix the YAML syntax"));
        } catch (StackOverflowError e) {
            throw new InvalidInputException(Problem.of(new Location(displayName, 0, 0),
                    "the YAML nests too deeply", "keep nesting under " + limits.maxDepth() + " levels"));
        }
        return builder.documents();
    }

    private static byte[] readBounded(Path file, Location whole, YamlLimits limits) {
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(Problem.of(whole, "is a directory, not a YAML file"));
            }
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw new InvalidInputException(Problem.of(whole,
                        "the file is " + mb(size) + ", larger than the " + mb(limits.maxBytes()) + " a spec may be",
                        "a spec names its data by path or URI; it does not hold it"));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(Problem.of(whole, "no such file", "check the path"));
        } catch (IOException e) {
            throw new InvalidInputException(Problem.of(whole, "cannot read the file: " + e.getMessage()));
        }
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** Strict UTF-8: the first malformed byte is reported with its line and column. */
    static String decode(byte[] bytes, String displayName) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new InvalidInputException(Problem.of(locate(bytes, offset, displayName),
                    String.format("byte 0x%02X is not UTF-8", bytes[offset] & 0xff),
                    "save the file as UTF-8"));
        }
        try {
            decoder.flush(out);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
        return out.flip().toString();
    }

    private static Location locate(byte[] bytes, int offset, String displayName) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new Location(displayName, line, before.codePointCount(0, before.length()) + 1);
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Problem syntaxProblem(MarkedYamlEngineException e, String displayName) {
        String context = e.getContext() == null ? "" : e.getContext();
        Mark mark = context.contains("quoted scalar") && e.getContextMark().isPresent()
                ? e.getContextMark().get()
                : e.getProblemMark().or(e::getContextMark).orElse(null);
        Location at = mark == null ? new Location(displayName, 0, 0)
                : new Location(displayName, mark.getLine() + 1, mark.getColumn() + 1);
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        String message = "YAML syntax error: " + (context.isBlank() ? "" : context + ": ") + problem;
        return Problem.of(at, message.replaceAll("\\s+", " ").strip(), hintFor(context, problem));
    }

    private static String hintFor(String context, String problem) {
        if (context.contains("quoted scalar")) {
            return "close the quote that starts here";
        }
        if (problem.contains("mapping values are not allowed")) {
            return "check the indentation, or quote a value that contains ': '";
        }
        if (problem.contains("expected <block end>") || context.contains("block mapping")
                || context.contains("block collection")) {
            return "check the indentation: keys of one mapping line up in the same column";
        }
        if (problem.contains("tab")) {
            return "indent with spaces, not tabs";
        }
        return "fix the YAML syntax here";
    }
}
