package dev.skyrun.spec;

/**
 * The bounds a YAML file must stay within before skyrun reads it any further, so a hostile
 * file is refused quickly and in bounded memory.
 *
 * @param maxBytes largest file size, checked before parsing
 * @param maxDepth deepest nesting of mappings and sequences
 * @param maxAliasNodes how many nodes aliases may bring in, in total (billion laughs)
 */
public record YamlLimits(long maxBytes, int maxDepth, int maxAliasNodes) {

    /** 3 MB, 64 levels, 10,000 nodes through aliases: far beyond any real spec. */
    public static final YamlLimits DEFAULT = new YamlLimits(3L * 1024 * 1024, 64, 10_000);
}
