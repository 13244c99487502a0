package dev.skyrun.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Directories and files that keep the privacy of the directory they are made in: below an
 * owner-only ({@code 0700}) directory, such as anything in skyrun's home, a new directory is
 * {@code 0700} and a new file {@code 0600}; elsewhere the platform's defaults apply.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates {@code dir} and its missing parents, owner-only when the nearest existing ancestor is. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return abs; // an existing directory keeps its permissions (it may be the user's)
        }
        Path existing = abs.getParent();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !isOwnerOnly(existing)) {
            return Files.createDirectories(abs);
        }
        return Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(DIR));
    }

    /** The attribute a new file in {@code dir} is created with: {@code 0600} in an owner-only directory. */
    public static FileAttribute<?>[] fileIn(Path dir) throws IOException {
        return isOwnerOnly(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /** Makes {@code file} {@code 0600} when {@code dir}, where it lives, is owner-only. */
    public static void restrictIn(Path dir, Path file) throws IOException {
        if (isOwnerOnly(dir)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Whether group and others have no access to {@code dir}. */
    public static boolean isOwnerOnly(Path dir) throws IOException {
        Optional<Set<PosixFilePermission>> perms;
        try {
            perms = Optional.of(Files.getPosixFilePermissions(dir));
        } catch (UnsupportedOperationException e) {
            return false;
        }
        return perms.get().stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
    }
}
