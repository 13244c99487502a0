package dev.skyrun.catalog;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which part of a catalog to read: the clouds and the accelerators a request can use. Reading
 * only what a request can use keeps a cold {@code skyrun plan} fast on a large catalog.
 *
 * @param clouds accepts the clouds to read
 * @param accelerators accepts accelerator names as the catalog spells them, {@code ""} standing
 *     for CPU-only offerings
 */
public record Selection(Predicate<String> clouds, Predicate<String> accelerators) {

    /** Everything. */
    public static final Selection ALL = new Selection(c -> true, a -> true);

    /**
     * The given clouds (all when empty) and accelerators (matched case-insensitively and through
     * {@link AcceleratorIndex}' aliases); {@code cpuOnly} adds the offerings without accelerators.
     */
    public static Selection of(Set<String> clouds, Set<String> accelerators, boolean cpuOnly) {
        Set<String> wanted = accelerators.stream()
                .map(AcceleratorNames::unalias)
                .collect(Collectors.toUnmodifiableSet());
        Predicate<String> cloud = clouds.isEmpty() ? c -> true : clouds::contains;
        return new Selection(cloud, name -> name.isEmpty()
                ? cpuOnly
                : wanted.contains(name.toLowerCase(Locale.ROOT)));
    }

    /** Only the given clouds, all their offerings. */
    public static Selection clouds(Set<String> clouds) {
        return of(clouds, Set.of(), true).withAllAccelerators();
    }

    private Selection withAllAccelerators() {
        return new Selection(clouds, a -> true);
    }
}
