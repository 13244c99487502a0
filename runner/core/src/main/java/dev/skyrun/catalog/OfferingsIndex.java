package dev.skyrun.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * The offerings of one cloud's {@code vms.csv}, pre-indexed in a binary file keyed by the CSV's
 * SHA-256, so a cold {@code plan} reads only the accelerators it can use instead of parsing
 * megabytes of CSV. The file is {@code <sha256>.bin} in the cache directory:
 *
 * <pre>
 * "skyrun-offerings-2\n"  int headerLength  header  int headerCrc  sections...
 * header: the CSV's sha256 (hex), the cloud, the string table, per accelerator ("" for
 *         CPU-only) its section's offset, length, offering count and CRC32C, and the
 *         cloud's places: per region (sorted) its zones (sorted)
 * section: per offering, in file order: its ordinal in the cloud's offerings, then its fields
 * </pre>
 *
 * A file that is missing, of another format, names another CSV or cloud, or fails a checksum or a
 * bounds check is never trusted: {@link #read} and {@link #places} say empty and the caller parses
 * the CSV (and writes a new one). The places let a spec's {@code infra: gcp/us-central1} be checked
 * from the header alone.
 */
final class OfferingsIndex {
    private static final byte[] MAGIC = "skyrun-offerings-2\n".getBytes(StandardCharsets.US_ASCII);
    /** Index files kept in the cache directory; the least recently written go first. */
    private static final int KEEP = 32;

    private OfferingsIndex() {}

    /** The index file of the CSV whose SHA-256 is {@code sha256}. */
    static Path file(Path cacheDir, String sha256) {
        return cacheDir.resolve("offerings").resolve(sha256 + ".bin");
    }

    /**
     * The offerings of {@code cloud} whose accelerator ({@code ""} for none) {@code accelerators}
     * accepts, in the CSV's order, from the index of the CSV whose SHA-256 is {@code sha256};
     * empty when there is no sound index of it.
     */
    static Optional<List<Offering>> read(Path file, String sha256, String cloud, Predicate<String> accelerators) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Optional<Header> found = header(ch, sha256, cloud);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Header h = found.get();
            Offering[] byOrdinal = new Offering[h.offerings()];
            for (Group g : h.groups()) {
                if (accelerators.test(g.name())) {
                    ByteBuffer section = readFully(ch, h.sectionsStart() + g.offset(), g.length());
                    if (crc(section, 0, g.length()) != g.crc()) {
                        return Optional.empty();
                    }
                    decode(section, g.count(), cloud, g.name(), h.strings(), byOrdinal);
                }
            }
            List<Offering> out = new ArrayList<>();
            for (Offering o : byOrdinal) {
                if (o != null) {
                    out.add(o);
                }
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException e) { // none, or damaged: underflow, an index out of bounds, a bad count
            return Optional.empty();
        }
    }

    /**
     * The regions of {@code cloud}'s offerings, each with its zones ({@link CatalogLoader#placesOf}), from the header of
     * the index of the CSV whose SHA-256 is {@code sha256}: no offering is decoded. Empty when there is no sound index.
     */
    static Optional<Map<String, SortedSet<String>>> places(Path file, String sha256, String cloud) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(ch, sha256, cloud).map(Header::places);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * An index's header, checked.
     *
     * @param sectionsStart where the first section starts in the file
     * @param offerings how many offerings the cloud's CSV has
     * @param strings the string table the sections and places refer to
     * @param groups each accelerator's section
     * @param places the regions and the zones of each
     */
    private record Header(long sectionsStart, int offerings, String[] strings, List<Group> groups,
            Map<String, SortedSet<String>> places) {}

    /** Where one accelerator's section lies and what it holds. */
    private record Group(String name, long offset, int length, int count, int crc) {}

    /** The header of the index open on {@code ch}; empty when it is of another format, CSV or cloud, or damaged. */
    private static Optional<Header> header(FileChannel ch, String sha256, String cloud) throws IOException {
        ByteBuffer head = readFully(ch, 0, MAGIC.length + 4);
        byte[] magic = new byte[MAGIC.length];
        head.get(magic);
        int headerLength = head.getInt();
        if (!Arrays.equals(magic, MAGIC) || headerLength < 0 || headerLength > ch.size()) {
            return Optional.empty();
        }
        ByteBuffer header = readFully(ch, MAGIC.length + 4, headerLength + 4);
        if (crc(header, 0, headerLength) != header.getInt(headerLength)) {
            return Optional.empty();
        }
        header.limit(headerLength);
        if (!text(header).equals(sha256) || !text(header).equals(cloud)) {
            return Optional.empty();
        }
        int offerings = header.getInt();
        String[] strings = new String[header.getInt()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = text(header);
        }
        List<Group> groups = new ArrayList<>();
        for (int n = header.getInt(); n > 0; n--) {
            groups.add(new Group(strings[header.getInt()], header.getLong(), header.getInt(), header.getInt(), header.getInt()));
        }
        Map<String, SortedSet<String>> places = new TreeMap<>();
        for (int n = header.getInt(); n > 0; n--) {
            SortedSet<String> zones = new TreeSet<>();
            places.put(strings[header.getInt()], zones);
            for (int z = header.getInt(); z > 0; z--) {
                zones.add(strings[header.getInt()]);
            }
        }
        if (header.hasRemaining()) {
            return Optional.empty();
        }
        return Optional.of(new Header(MAGIC.length + 4L + headerLength + 4, offerings, strings, groups, places));
    }

    /** Writes the index of {@code offerings} (every offering of {@code cloud} in its CSV, in order); a failure only costs speed. */
    static void write(Path file, String sha256, String cloud, List<Offering> offerings) {
        try {
            Map<String, Integer> ids = new LinkedHashMap<>();
            Map<String, Section> sections = new LinkedHashMap<>();
            for (int i = 0; i < offerings.size(); i++) {
                Offering o = offerings.get(i);
                sections.computeIfAbsent(o.acceleratorName().orElse(""), n -> new Section()).add(i, o, ids);
            }
            sections.keySet().forEach(n -> id(n, ids));
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            text(h, sha256);
            text(h, cloud);
            h.writeInt(offerings.size());
            h.writeInt(ids.size());
            for (String s : ids.keySet()) {
                text(h, s);
            }
            h.writeInt(sections.size());
            long offset = 0;
            for (Map.Entry<String, Section> e : sections.entrySet()) {
                byte[] bytes = e.getValue().bytes.toByteArray();
                h.writeInt(ids.get(e.getKey()));
                h.writeLong(offset);
                h.writeInt(bytes.length);
                h.writeInt(e.getValue().count);
                h.writeInt(crc(ByteBuffer.wrap(bytes), 0, bytes.length));
                offset += bytes.length;
            }
            Map<String, SortedSet<String>> places = CatalogLoader.placesOf(offerings);
            h.writeInt(places.size());
            for (Map.Entry<String, SortedSet<String>> p : places.entrySet()) {
                h.writeInt(ids.get(p.getKey()));
                h.writeInt(p.getValue().size());
                for (String zone : p.getValue()) {
                    h.writeInt(ids.get(zone));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(out);
            d.write(MAGIC);
            d.writeInt(header.size());
            header.writeTo(d);
            d.writeInt(crc(ByteBuffer.wrap(header.toByteArray()), 0, header.size()));
            for (Section s : sections.values()) {
                s.bytes.writeTo(d);
            }
            CatalogWriter.replace(file, out.toByteArray());
            prune(file.getParent());
        } catch (IOException | RuntimeException e) {
            // the index only saves time; the CSV is read instead
        }
    }

    /** One accelerator's offerings, encoded. */
    private static final class Section {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        int count;

        void add(int ordinal, Offering o, Map<String, Integer> ids) throws IOException {
            count++;
            out.writeInt(ordinal);
            out.writeInt(id(o.instanceType(), ids));
            out.writeDouble(o.acceleratorCount());
            out.writeDouble(o.vcpus());
            out.writeDouble(o.memoryGib());
            out.writeDouble(o.onDemandPrice());
            out.writeBoolean(o.spotPrice().isPresent());
            out.writeDouble(o.spotPrice().orElse(0));
            out.writeInt(id(o.region(), ids));
            out.writeInt(o.zone().map(z -> id(z, ids)).orElse(-1));
        }
    }

    /** Puts the {@code count} offerings of accelerator {@code name} that {@code in} holds at their ordinals. */
    private static void decode(ByteBuffer in, int count, String cloud, String name, String[] strings, Offering[] byOrdinal) {
        Optional<String> accelerator = name.isEmpty() ? Optional.empty() : Optional.of(name);
        Map<String, Optional<String>> zones = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int ordinal = in.getInt();
            String type = strings[in.getInt()];
            double accelerators = in.getDouble();
            double vcpus = in.getDouble();
            double memory = in.getDouble();
            double price = in.getDouble();
            boolean hasSpot = in.get() != 0;
            double spot = in.getDouble();
            String region = strings[in.getInt()];
            int zone = in.getInt();
            if (byOrdinal[ordinal] != null) {
                throw new IllegalStateException("two offerings at ordinal " + ordinal);
            }
            byOrdinal[ordinal] = new Offering(cloud, type, accelerator, accelerators, vcpus, memory, price,
                    hasSpot ? OptionalDouble.of(spot) : OptionalDouble.empty(), region,
                    zone < 0 ? Optional.empty() : zones.computeIfAbsent(strings[zone], Optional::of));
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException("a section longer than its offerings");
        }
    }

    private static int id(String s, Map<String, Integer> ids) {
        return ids.computeIfAbsent(s, k -> ids.size());
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new BufferUnderflowException();
            }
        }
        return b.flip();
    }

    private static int crc(ByteBuffer b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(from).limit(from + length));
        return (int) crc.getValue();
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Removes all but the {@link #KEEP} most recently written index files. */
    private static void prune(Path dir) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(f -> f.getFileName().toString().endsWith(".bin")).toList());
        }
        if (files.size() <= KEEP) {
            return;
        }
        Map<Path, Long> written = new HashMap<>();
        for (Path f : files) {
            written.put(f, Files.getLastModifiedTime(f).toMillis());
        }
        files.sort((a, b) -> Long.compare(written.get(b), written.get(a)));
        for (Path old : files.subList(KEEP, files.size())) {
            Files.deleteIfExists(old);
        }
    }
}
