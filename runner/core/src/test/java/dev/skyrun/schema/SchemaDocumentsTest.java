package dev.skyrun.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** skyrun's own JSON reader of its schemas: the same trees as Jackson's, without Jackson's mapper. */
class SchemaDocumentsTest {

    /** Numbers equal by value (the reader makes longs and doubles, Jackson ints too), everything else as Jackson compares. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @Test
    void everyShippedSchemaReadsAsJacksonReadsIt() throws IOException {
        for (SchemaValidator.Kind kind : SchemaValidator.Kind.values()) {
            String text = resource(kind.file);

            JsonNode ours = SchemaDocuments.parse(text, kind.file);

            assertThat(ours.equals(BY_VALUE, new ObjectMapper().readTree(text))).as(kind.file).isTrue();
        }
    }

    @Test
    void escapesNumbersAndEnumsComeOutAsInTheText() {
        JsonNode doc = SchemaDocuments.parse("{\"a\": \"x\\\"y\\\\z\\n\\u00e9\", \"n\": [-3, 2.5, 1e2, true, false, null],"
                + " \"enum\": [\"on\", \"a\\\"b\"], \"o\": {}, \"e\": []}", "t.json");

        assertThat(doc.get("a").textValue()).isEqualTo("x\"y\\z\n\u00e9");
        assertThat(doc.get("n").get(0).isLong()).isTrue();
        assertThat(doc.get("n").get(0).longValue()).isEqualTo(-3);
        assertThat(doc.get("n").get(1).doubleValue()).isEqualTo(2.5);
        assertThat(doc.get("n").get(2).doubleValue()).isEqualTo(100.0);
        assertThat(doc.get("n").get(3).booleanValue()).isTrue();
        assertThat(doc.get("n").get(5).isNull()).isTrue();
        assertThat(doc.get("enum").get(1).toString()).as("an enum value prints as JSON").isEqualTo("\"a\\\"b\"");
        assertThat(doc.get("o").isObject()).isTrue();
        assertThat(doc.get("e").isArray()).isTrue();
    }

    @Test
    void aBrokenSchemaSaysWhichAndWhere() {
        assertThatThrownBy(() -> SchemaDocuments.parse("{\"a\": [1, 2}", "broken.json"))
                .hasMessageContaining("broken.json").hasMessageContaining("offset 11");
        assertThatThrownBy(() -> SchemaDocuments.parse("{} x", "trailing.json")).hasMessageContaining("trailing.json");
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = SchemaValidator.class.getResourceAsStream("/dev/skyrun/schemas/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
