package dev.skyrun.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.exec.JobSpec;

/** How the controller stores clusters and job templates in the state database. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    static String of(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static Cluster cluster(String json) {
        return read(json, Cluster.class);
    }

    static JobSpec job(String json) {
        return read(json, JobSpec.class);
    }

    static LaunchRecord launch(String json) {
        return read(json, LaunchRecord.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the state database holds an unreadable " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }
}
