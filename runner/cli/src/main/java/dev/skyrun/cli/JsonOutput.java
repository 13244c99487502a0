package dev.skyrun.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes view records as JSON for {@code -o json}: snake_case field names (as in the YAML),
 * fields in declaration order, absent {@link Optional}s left out, paths as strings, pretty
 * printed, one document per call.
 *
 * <pre>{@code
 * record RunView(String runId, Optional<String> cloud, List<String> stages) {}
 * JsonOutput.write(out, new RunView("r-1", Optional.empty(), List.of("train")));
 * // {"run_id" : "r-1", "stages" : ["train"]}
 * }</pre>
 *
 * <p>The mapper is built on first use, so commands that print text never load Jackson.
 */
public final class JsonOutput {

    private JsonOutput() {}

    /** Writes {@code view} as one JSON document followed by a newline. */
    public static void write(PrintWriter out, Object view) {
        out.println(toJson(view));
        out.flush();
    }

    /** {@code view} as a JSON string. */
    public static String toJson(Object view) {
        try {
            return Holder.MAPPER.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + view.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A JSON text (evidence kept in state) as a tree, so it is written as JSON, not as a string. */
    public static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return Holder.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot read JSON kept in state", e);
        }
    }

    /** Lazily built mapper (class loading happens only when JSON is asked for). */
    private static final class Holder {
        static final ObjectMapper MAPPER = build();

        private static ObjectMapper build() {
            SimpleModule module = new SimpleModule("skyrun-views");
            module.addSerializer(new OptionalSerializer());
            module.addSerializer(Path.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer());
            // ISO-8601 (2026-11-30T09:28:43.123Z), as Instant.toString() writes it
            module.addSerializer(java.time.Instant.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer());
            ObjectMapper mapper = new ObjectMapper()
                    .registerModule(module)
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
            mapper.configOverride(Optional.class)
                    .setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS));
            return mapper;
        }
    }

    /** An Optional is its value; an empty one counts as empty and is left out. */
    @SuppressWarnings("rawtypes")
    private static final class OptionalSerializer extends StdSerializer<Optional> {
        private static final long serialVersionUID = 1L;

        OptionalSerializer() {
            super(Optional.class);
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Optional value) {
            return value == null || value.isEmpty();
        }

        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }
}
