package dev.skyrun.spec;

/**
 * The bounds a YAML file must stay within before skyrun reads it any further, so a hostile
 * file is refused quickly and in bounded memory.
 *
 * @param maxBytes largest file size, checked before parsing
 * @param maxDepth deepest nesting of mappings and sequences
 * @param maxAliasNodes how many nodes aliases may bring in, in total (billion laughs)
 * @param maxNodes how many values (scalars, lists, mappings) the whole file may hold: a file
 *     within {@code maxBytes} of tiny values would otherwise take hundreds of MB as a tree
 */
public record YamlLimits(long maxBytes, int maxDepth, int maxAliasNodes, int maxNodes) {

    /** 3 MB, 64 levels, 10,000 nodes through aliases, 50,000 values: far beyond any real spec. */
    public static final YamlLimits DEFAULT = new YamlLimits(3L * 1024 * 1024, 64, 10_000, 50_000);
}
