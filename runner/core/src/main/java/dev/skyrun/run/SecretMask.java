package dev.skyrun.run;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.state.SkyrunHome;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masks a run's secret values (as written, base64 and URL-encoded) in every text skyrun shows or
 * stores about the run: the job's output (live and {@code skyrun logs}), exec output, events and
 * reasons. Each occurrence becomes {@value #MASK}, as CI systems do.
 *
 * <p>No secret is stored, not even to mask it later. At launch the run gets a random 256-bit key,
 * and for each form of each value (the value, each of its lines, its standard and URL-safe base64
 * with and without padding and the part of those that no following byte changes, its URL
 * encoding with {@code +} and {@code %20}) of at least {@value #MIN_LENGTH} characters, only the
 * form's length, its HMAC-SHA256 under that key, and 16 bits of a keyed rolling hash are kept, in
 * {@code runs/RUN/secret-mask} (0600, like the state). A later process ({@code skyrun logs})
 * slides a window of each length over the text: the rolling hash drops almost every window at the
 * cost of one multiplication, and the HMAC confirms. What the file allows is checking a guess,
 * as a password hash does; a secret worth the name is not guessable. Values shorter than
 * {@value #MIN_LENGTH} characters are not masked (they would mask ordinary text).
 */
final class SecretMask {

    /** The run directory's file holding the fingerprints. */
    static final String FILE = "secret-mask";
    /** What replaces a secret. */
    static final String MASK = "****";
    /** Shorter forms are not masked. */
    static final int MIN_LENGTH = 4;

    private static final String HEADER = "skyrun-secret-mask v1";
    private static final long P = 2_147_483_647L; // 2^31 - 1: a window's hash times the base fits a long
    private static final int ROLL_BITS = 0xFFFF;

    private static final SecretMask NONE = new SecretMask(new byte[32], 257, List.of());

    /** One form's fingerprint: its length, 16 bits of its rolling hash, its HMAC (hex). */
    private record Form(int length, int roll, String mac) {}

    private final byte[] key;
    private final long base;
    private final List<Form> forms;
    private final Map<Integer, Set<Integer>> rollsByLength = new HashMap<>();
    private final Set<String> macs = new HashSet<>();

    private SecretMask(byte[] key, long base, List<Form> forms) {
        this.key = key;
        this.base = base;
        this.forms = List.copyOf(forms);
        for (Form f : this.forms) {
            rollsByLength.computeIfAbsent(f.length(), k -> new HashSet<>()).add(f.roll());
            macs.add(f.mac());
        }
    }

    /** A mask that masks nothing. */
    static SecretMask none() {
        return NONE;
    }

    /** A new key and the fingerprints of {@code secrets}' forms. */
    static SecretMask of(Secrets secrets) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new SecretMask(key, 256 + random.nextInt(1 << 30), List.of()).with(secrets);
    }

    /** The run's stored mask, or one (with a new key) masking nothing when the run had no secrets. */
    static SecretMask load(SkyrunHome home, String runId) throws IOException {
        Path f = home.dir().resolve("runs").resolve(runId).resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return of(Secrets.none());
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).equals(HEADER)) {
            throw new IOException(f + " is not a secret mask skyrun wrote; remove it to see the logs unmasked");
        }
        List<Form> forms = new ArrayList<>();
        for (String line : lines.subList(3, lines.size())) {
            String[] p = line.split(" ");
            forms.add(new Form(Integer.parseInt(p[0]), Integer.parseInt(p[1]), p[2]));
        }
        return new SecretMask(Base64.getDecoder().decode(lines.get(1)), Long.parseLong(lines.get(2)), forms);
    }

    /** This mask with the forms of {@code secrets} added (a resume's values join the launch's). */
    SecretMask with(Secrets secrets) {
        Set<Form> all = new LinkedHashSet<>(forms);
        for (String value : secrets.reveal().values()) {
            for (String form : forms(value)) {
                all.add(new Form(form.length(), roll(form, 0, form.length()) & ROLL_BITS, mac(form)));
            }
        }
        return new SecretMask(key, base, new ArrayList<>(all));
    }

    /** Whether it masks anything. */
    boolean isEmpty() {
        return forms.isEmpty();
    }

    /** Writes the fingerprints to the run's directory (0600), unless there are none. */
    void save(SkyrunHome home, String runId) throws IOException {
        if (forms.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(HEADER).append('\n').append(Base64.getEncoder().encodeToString(key))
                .append('\n').append(base).append('\n');
        forms.forEach(f -> text.append(f.length()).append(' ').append(f.roll()).append(' ').append(f.mac()).append('\n'));
        Path dir = home.runDir(runId);
        Path tmp = Files.createTempFile(dir, ".mask-", ".tmp");
        SkyrunHome.privateFile(tmp);
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code sink} receiving log lines with this mask applied; events pass unchanged (they are masked when recorded). */
    RunListener masking(RunListener sink) {
        if (isEmpty()) {
            return sink;
        }
        return new RunListener() {
            @Override
            public void event(dev.skyrun.state.EventRecord event) {
                sink.event(event);
            }

            @Override
            public void log(dev.skyrun.cloud.LogLine line) {
                sink.log(masked(line));
            }
        };
    }

    /** The line with this mask applied to its text. */
    dev.skyrun.cloud.LogLine masked(dev.skyrun.cloud.LogLine line) {
        String text = mask(line.text());
        return text.equals(line.text()) ? line : new dev.skyrun.cloud.LogLine(line.node(), line.stderr(), text);
    }

    /** {@code text} with every secret form in it replaced by {@value #MASK}. */
    String mask(String text) {
        if (macs.isEmpty() || text.length() < MIN_LENGTH) {
            return text;
        }
        boolean[] hit = null;
        for (Map.Entry<Integer, Set<Integer>> e : rollsByLength.entrySet()) {
            int len = e.getKey();
            if (len > text.length()) {
                continue;
            }
            long top = pow(len - 1);
            long h = roll(text, 0, len);
            for (int i = 0; ; i++) {
                if (e.getValue().contains((int) h & ROLL_BITS) && macs.contains(mac(text.substring(i, i + len)))) {
                    hit = hit == null ? new boolean[text.length()] : hit;
                    java.util.Arrays.fill(hit, i, i + len, true);
                }
                if (i + len >= text.length()) {
                    break;
                }
                h = (h + P - text.charAt(i) * top % P) % P;
                h = (h * base + text.charAt(i + len)) % P;
            }
        }
        return hit == null ? text : replace(text, hit);
    }

    private static String replace(String text, boolean[] hit) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!hit[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !hit[i - 1]) {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    /** The forms of a value a job or a tool is likely to print, each at least {@value #MIN_LENGTH} long. */
    static Set<String> forms(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.addAll(value.lines().toList());
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            String b64 = enc.encodeToString(bytes);
            forms.add(b64);
            forms.add(b64.replace("=", ""));
            forms.add(b64.substring(0, bytes.length / 3 * 4)); // what "echo $S | base64" shares with it
        }
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(url);
        forms.add(url.replace("+", "%20"));
        forms.removeIf(f -> f.length() < MIN_LENGTH);
        return forms;
    }

    private int roll(String s, int from, int len) {
        long h = 0;
        for (int i = from; i < from + len; i++) {
            h = (h * base + s.charAt(i)) % P;
        }
        return (int) h;
    }

    private long pow(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r = r * base % P;
        }
        return r;
    }

    private String mac(String form) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(form.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "SecretMask[" + forms.size() + " forms]";
    }
}
