package dev.skyrun.exec;

/**
 * The pieces every {@link VmShell} is built from, so that a cloud's shell only says what is its
 * own (endpoints, signing, how a listing answers): quoting, base URLs, percent-encoding and the
 * paging loop of {@code store_list}. POSIX {@code sh} and {@code awk}; no bash.
 */
public final class VmShellParts {

    private VmShellParts() {}

    /**
     * {@code A='x'; B='y'}: shell variable assignments on one line, each value one single-quoted word.
     *
     * @param namesAndValues a name, its value, the next name, its value...
     */
    public static String assign(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalStateException("assign takes names and values in pairs");
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            line.append(i == 0 ? "" : "; ").append(JobScript.requireName(namesAndValues[i])).append('=')
                    .append(JobScript.quote(namesAndValues[i + 1]));
        }
        return line.toString();
    }

    /** A base URL without its trailing slash, so that {@code "$URL/path"} has one. */
    public static String baseUrl(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * {@code urlenc TEXT [KEEP]}: prints TEXT percent-encoded byte by byte, leaving the unreserved
     * characters and those in KEEP (e.g. {@code /} for an S3 key in a path) as they are.
     */
    public static String urlenc() {
        return String.join("\n",
                "urlenc() {",
                "  LC_ALL=C awk -v s=\"$1\" -v keep=\"${2:-}\" 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf(\"%c\", i)] = i;"
                        + " for (i = 1; i <= length(s); i++) { c = substr(s, i, 1);"
                        + " if (c ~ /[A-Za-z0-9_.~-]/ || index(keep, c)) printf \"%s\", c; else printf \"%%%02X\", ord[c] } }'",
                "}");
    }

    /**
     * {@code store_list BUCKET PREFIX}: prints the keys under PREFIX, one per line, following the
     * store's page tokens. Inside the loop {@code $_q} holds the query (with the token, once
     * there is one) and {@code $_x} the answer of one page.
     *
     * @param query the first page's query string, e.g. {@code list-type=2&prefix=$(urlenc "$2")}
     * @param tokenParam the query parameter that carries the next page's token
     * @param request the command that prints one page for {@code $_q}, failing on an error
     * @param keys the filter that turns a page on stdin into keys, one per line
     * @param nextToken the filter that prints a page's next token, nothing on the last page
     */
    public static String storeList(String query, String tokenParam, String request, String keys, String nextToken) {
        return String.join("\n",
                "store_list() {",
                "  _tok=",
                "  while :; do",
                "    _q=\"" + query + "\"",
                "    [ -n \"$_tok\" ] && _q=\"" + tokenParam + "=$(urlenc \"$_tok\")&$_q\"",
                "    _x=$(" + request + ") || return 1",
                "    printf '%s' \"$_x\" | " + keys,
                "    _tok=$(printf '%s' \"$_x\" | " + nextToken + ")",
                "    [ -n \"$_tok\" ] || return 0",
                "  done",
                "}");
    }
}
