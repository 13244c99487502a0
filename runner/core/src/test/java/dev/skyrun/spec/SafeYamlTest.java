package dev.skyrun.spec;

import static dev.skyrun.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syntax errors, broken files and hostile files: each refused with file:line:col. */
class SafeYamlTest {

    @Test
    void badIndentReportsItsLineAndColumn() {
        assertThat(problems("invalid/bad-indent.yaml")).singleElement().asString()
                .startsWith("invalid/bad-indent.yaml:4:2: YAML syntax error:")
                .endsWith("(check the indentation: keys of one mapping line up in the same column)");
    }

    @Test
    void unclosedQuoteIsReportedWhereTheQuoteOpens() {
        assertThat(problems("invalid/unclosed-quote.yaml")).singleElement().asString()
                .startsWith("invalid/unclosed-quote.yaml:2:6: YAML syntax error: while scanning a quoted scalar")
                .endsWith("(close the quote that starts here)");
    }

    @Test
    void duplicateKeysNameBothLines() {
        assertThat(problems("invalid/duplicate-keys.yaml")).containsExactly(
                "invalid/duplicate-keys.yaml:5:3: duplicate key 'cpus' at line 5, first defined at line 3 (keep one of the two)");
    }

    @Test
    void nonUtf8BytesAreReportedWhereTheyAre() {
        assertThat(problems("invalid/latin1.yaml")).containsExactly(
                "invalid/latin1.yaml:2:14: byte 0xE9 is not UTF-8 (save the file as UTF-8)");
    }

    @Test
    void emptyAndCommentOnlyFilesAreRefused() {
        assertThat(problems("invalid/empty.yaml")).singleElement().asString().startsWith("invalid/empty.yaml: the file is empty");
        assertThat(problems("invalid/comment-only.yaml")).singleElement().asString()
                .startsWith("invalid/comment-only.yaml: the file is empty");
    }

    @Test
    void aTopLevelListIsRefused() {
        assertThat(problems("invalid/top-level-list.yaml")).singleElement().asString()
                .startsWith("invalid/top-level-list.yaml:1:1: the top level is a list, not a mapping");
    }

    @Test
    void billionLaughsIsRefusedAtTheAliasThatGoesPastTheBound() {
        assertThat(problems("hostile/billion-laughs.yaml")).containsExactly(
                "hostile/billion-laughs.yaml:5:8: aliases expand to more than 10000 nodes"
                        + " (a spec with exponential aliases (a 'billion laughs' file) is refused)");
    }

    @Test
    void deepNestingIsRefusedAtTheLimitNotByStackOverflow() {
        assertThat(problems("hostile/deep-nesting.yaml")).containsExactly(
                "hostile/deep-nesting.yaml:1:67: the YAML nests deeper than 64 levels (a spec needs only a few levels; flatten it)");
    }

    @Test
    void javaTagsAreRefusedAndNothingIsInstantiated() {
        assertThat(problems("hostile/javax-tag.yaml")).first().asString().isEqualTo(
                "hostile/javax-tag.yaml:2:6: tag !!javax.script.ScriptEngineManager is not allowed"
                        + " (skyrun reads plain YAML only (strings, numbers, booleans, lists, mappings); remove the tag)");
        assertThat(problems("hostile/custom-tag.yaml")).singleElement().asString()
                .startsWith("hostile/custom-tag.yaml:2:12: tag !Resources is not allowed");
    }

    @Test
    void aTwentyMegabyteFileIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] line = "k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n".getBytes();
        try (var out = Files.newOutputStream(big)) {
            for (int written = 0; written < 20 * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.skyrun.schema.InvalidInputException.class,
                () -> SpecLoader.load(big, "big.yaml"));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("big.yaml: the file is 20.0 MB, larger than the 3.0 MB a spec may be");
    }

    @Test
    void aFileUnderTheSizeCapWithAMillionTinyValuesIsRefusedAtTheValueThatGoesPastTheBound(@TempDir Path dir)
            throws IOException {
        Path big = dir.resolve("many.yaml");
        StringBuilder sb = new StringBuilder("name: many\nrun: echo hi\nresources:\n  ports: [");
        while (sb.length() < 2_900_000) {
            sb.append("1,");
        }
        Files.writeString(big, sb.append("1]\n"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.skyrun.schema.InvalidInputException.class,
                () -> SpecLoader.load(big, "many.yaml"));
        // values: the root, name, run, resources, ports, then the list's: the 49,996th item goes past 50,000
        int column = "  ports: [".length() + 1 + 2 * (YamlLimits.DEFAULT.maxNodes() - 5);
        assertThat(e.problems()).singleElement().asString()
                .startsWith("many.yaml:4:" + column + ": the YAML holds more than 50,000 values");
    }
}
