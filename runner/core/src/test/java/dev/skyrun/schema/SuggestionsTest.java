package dev.skyrun.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("name", "num_nodes", "resources", "run", "use_spot", "accelerators");

    @Test
    void typosFindTheirKey() {
        assertThat(Suggestions.closest("num_node", KEYS)).contains("num_nodes");
        assertThat(Suggestions.closest("use_spots", KEYS)).contains("use_spot");
        assertThat(Suggestions.closest("acelerators", KEYS)).contains("accelerators");
        assertThat(Suggestions.closest("resouces", KEYS)).contains("resources");
        assertThat(Suggestions.closest("nmae", KEYS)).as("transposition").contains("name");
    }

    @Test
    void unrelatedWordsFindNothing() {
        assertThat(Suggestions.closest("zzzzzz", KEYS)).isEmpty();
    }
}
