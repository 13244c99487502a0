package dev.skyrun.gcp;

import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of the GCS JSON API (the subset skyrun and rclone use): multipart and media
 * uploads, object metadata (with the {@code mediaLink} rclone downloads from), media downloads
 * (whole or a {@code Range}), listing by prefix (with a {@code delimiter}: the {@code prefixes}
 * one level down) and deletes, with the API's 404 body; buckets created (with labels), read and deleted
 * (409 while objects remain, as GCS answers).
 */
final class FakeGcs {

    private static final Pattern OBJECT = Pattern.compile("^(?:/download)?/storage/v1/b/([^/]+)/o/(.+)$");
    private static final Pattern OBJECTS = Pattern.compile("^/storage/v1/b/([^/]+)/o/?$");
    private static final Pattern UPLOAD = Pattern.compile("^/upload/storage/v1/b/([^/]+)/o/?$");
    private static final Pattern BUCKET = Pattern.compile("^/storage/v1/b/([^/]+)/?$");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Buckets created through the API: name -> labels (objects may also live in buckets never created, as before). */
    private final Map<String, Map<String, String>> buckets = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> locations = new java.util.concurrent.ConcurrentHashMap<>();

    /** bucket + "/" + name -> content. */
    private final Map<String, String> objects = new ConcurrentSkipListMap<>();
    private final String base;

    FakeGcs(FakeHttpServer http) {
        base = http.uri().toString();
        http.route(r -> r.path().startsWith("/storage/v1/") || r.path().startsWith("/download/storage/v1/")
                || r.path().startsWith("/upload/storage/v1/"), this::serve);
    }

    /** The content of an object, or null. */
    String get(String bucket, String name) {
        return objects.get(bucket + "/" + name);
    }

    /** Stores an object as if uploaded. */
    void put(String bucket, String name, String content) {
        objects.put(bucket + "/" + name, content);
    }

    /** Every object name under a bucket and prefix. */
    Map<String, String> under(String bucket, String prefix) {
        Map<String, String> out = new TreeMap<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(bucket + "/" + prefix)) {
                out.put(k.substring(bucket.length() + 1), v);
            }
        });
        return out;
    }

    /** The location a bucket was created in, as GCS reports it ({@code US-CENTRAL1}; {@code US} when the request named none). */
    String bucketLocation(String bucket) {
        return locations.get(bucket);
    }

    /** The labels of a bucket created through the API, or null when it was not. */
    Map<String, String> bucketLabels(String bucket) {
        return buckets.get(bucket);
    }

    private Reply serve(Request r) {
        Map<String, String> q = r.params();
        Matcher m;
        if (r.path().matches("^/storage/v1/b/?$") && r.method().equals("POST")) {
            return createBucket(r.body());
        }
        if ((m = BUCKET.matcher(r.path())).matches()) {
            return bucket(m.group(1), r.method());
        }
        if ((m = UPLOAD.matcher(r.path())).matches() && r.method().equals("POST")) {
            return upload(m.group(1), q, r);
        }
        if ((m = OBJECTS.matcher(r.path())).matches() && r.method().equals("GET")) {
            return list(m.group(1), q.getOrDefault("prefix", ""), q.getOrDefault("delimiter", ""));
        }
        if ((m = OBJECT.matcher(r.path())).matches()) {
            String bucket = m.group(1);
            String name = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
            String content = objects.get(bucket + "/" + name);
            if (r.method().equals("DELETE")) {
                return objects.remove(bucket + "/" + name) == null ? notFound(bucket, name) : new Reply(204, "application/json", new byte[0], Map.of());
            }
            if (content == null) {
                return notFound(bucket, name);
            }
            if ("media".equals(q.get("alt"))) {
                return media(content.getBytes(StandardCharsets.UTF_8), r.header("Range"));
            }
            return Reply.json(200, meta(bucket, name, content));
        }
        return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"fake GCS does not serve " + r.method() + " " + r.path() + "\"}}");
    }

    private Reply upload(String bucket, Map<String, String> q, Request r) {
        String type = q.getOrDefault("uploadType", "");
        String name;
        String content;
        if (type.equals("media")) {
            name = q.get("name");
            content = r.body();
        } else if (type.equals("multipart")) {
            String body = r.body();
            String delimiter = body.substring(0, body.indexOf('\n')).strip();
            String[] parts = body.split(Pattern.quote(delimiter));
            String metaPart = parts[1];
            Matcher nm = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(metaPart);
            if (!nm.find()) {
                return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"no name\"}}");
            }
            name = nm.group(1);
            String dataPart = parts[2];
            Matcher blank = Pattern.compile("\r?\n\r?\n").matcher(dataPart);
            blank.find();
            content = dataPart.substring(blank.end()).replaceFirst("\r?\n\\z", "");
        } else {
            return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"fake GCS: uploadType " + type + " not served\"}}");
        }
        objects.put(bucket + "/" + name, content);
        return Reply.json(200, meta(bucket, name, content));
    }

    private Reply createBucket(String body) {
        try {
            var json = JSON.readTree(body);
            String name = json.path("name").asText();
            Map<String, String> labels = new TreeMap<>();
            json.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            if (buckets.putIfAbsent(name, labels) != null) {
                return Reply.json(409, "{\"error\":{\"code\":409,\"message\":\"Your previous request to create the named"
                        + " bucket succeeded and you already own it.\",\"errors\":[{\"reason\":\"conflict\"}]}}");
            }
            locations.put(name, json.path("location").asText("US").toUpperCase(java.util.Locale.ROOT));
            return Reply.json(200, bucketJson(name));
        } catch (java.io.IOException e) {
            return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"bad bucket body\"}}");
        }
    }

    private Reply bucket(String name, String method) {
        if (!buckets.containsKey(name)) {
            return Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"The specified bucket does not exist.\","
                    + "\"errors\":[{\"reason\":\"notFound\"}]}}");
        }
        if (method.equals("DELETE")) {
            if (objects.keySet().stream().anyMatch(k -> k.startsWith(name + "/"))) {
                return Reply.json(409, "{\"error\":{\"code\":409,\"message\":\"The bucket you tried to delete is not"
                        + " empty.\",\"errors\":[{\"reason\":\"conflict\"}]}}");
            }
            buckets.remove(name);
            return new Reply(204, "application/json", new byte[0], Map.of());
        }
        return Reply.json(200, bucketJson(name));
    }

    private String bucketJson(String name) {
        try {
            return "{\"kind\":\"storage#bucket\",\"id\":\"" + name + "\",\"name\":\"" + name + "\",\"labels\":"
                    + JSON.writeValueAsString(buckets.getOrDefault(name, Map.of())) + "}";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The object's bytes, or the {@code bytes=FIRST-[LAST]} range of them (206). */
    private static Reply media(byte[] bytes, String range) {
        Matcher rm = range == null ? null : Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
        if (rm == null || !rm.matches()) {
            return new Reply(200, "application/octet-stream", bytes, Map.of());
        }
        int first = (int) Math.min(Long.parseLong(rm.group(1)), bytes.length);
        int last = rm.group(2).isEmpty() ? bytes.length - 1 : (int) Math.min(Long.parseLong(rm.group(2)), bytes.length - 1L);
        return new Reply(206, "application/octet-stream", java.util.Arrays.copyOfRange(bytes, first, Math.max(first, last + 1)),
                Map.of("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length));
    }

    private Reply list(String bucket, String prefix, String delimiter) {
        StringBuilder items = new StringBuilder();
        java.util.Set<String> prefixes = new java.util.TreeSet<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(bucket + "/" + prefix)) {
                String name = k.substring(bucket.length() + 1);
                int below = delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
                if (below >= 0) {
                    prefixes.add("\"" + name.substring(0, below + delimiter.length()) + "\"");
                } else {
                    items.append(items.isEmpty() ? "" : ",").append(meta(bucket, name, v));
                }
            }
        });
        return Reply.json(200, "{\"kind\":\"storage#objects\",\"items\":[" + items + "],\"prefixes\":["
                + String.join(",", prefixes) + "]}");
    }

    private String meta(String bucket, String name, String content) {
        return "{\"kind\":\"storage#object\",\"id\":\"" + bucket + "/" + name + "/1\",\"name\":\"" + name
                + "\",\"bucket\":\"" + bucket + "\",\"generation\":\"1\",\"metageneration\":\"1\",\"size\":\""
                + content.getBytes(StandardCharsets.UTF_8).length + "\",\"contentType\":\"application/octet-stream\","
                + "\"updated\":\"2026-01-01T00:00:00.000Z\",\"mediaLink\":\"" + base + "/download/storage/v1/b/" + bucket + "/o/"
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "?generation=1&alt=media\"}";
    }

    private static Reply notFound(String bucket, String name) {
        return Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"No such object: " + bucket + "/" + name
                + "\",\"errors\":[{\"message\":\"No such object: " + bucket + "/" + name
                + "\",\"domain\":\"global\",\"reason\":\"notFound\"}]}}");
    }

}
