package dev.skyrun.spec;

import java.util.Objects;

/** Where an SLO's value is read: a Prometheus query, an HTTP JSON endpoint, or a JSON file. */
public sealed interface SloSource {

    /** What is read, for evidence and messages: the query, the URL and pointer, the file and pointer. */
    String describe();

    /** How {@link #describe} names a JSON pointer: the empty one is the whole document. */
    private static String pointerText(String pointer) {
        return pointer.isEmpty() ? "(whole document)" : pointer;
    }

    /**
     * A Prometheus HTTP API instant query.
     *
     * @param url the server's base URL ({@code /api/v1/query} is appended)
     * @param query the PromQL expression
     */
    record Prometheus(String url, String query) implements SloSource {
        public Prometheus {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(query, "query");
        }

        @Override
        public String describe() {
            return "prometheus " + url + " query " + query;
        }
    }

    /**
     * An HTTP endpoint answering JSON.
     *
     * @param url the endpoint
     * @param pointer the JSON pointer to the number
     */
    record HttpJson(String url, String pointer) implements SloSource {
        public HttpJson {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(pointer, "pointer");
        }

        @Override
        public String describe() {
            return "http " + url + " pointer " + pointerText(pointer);
        }
    }

    /**
     * A JSON file inside the spec's repository.
     *
     * @param path relative to the pipeline file
     * @param pointer the JSON pointer to the number
     */
    record JsonFile(String path, String pointer) implements SloSource {
        public JsonFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(pointer, "pointer");
        }

        @Override
        public String describe() {
            return "file " + path + " pointer " + pointerText(pointer);
        }
    }
}
