package dev.skyrun.aws;

import java.util.Set;

/** Facts about EC2 instance type names skyrun needs before any API call. */
final class InstanceTypes {

    /** Types with an Elastic Fabric Adapter, launched into a cluster placement group when multi-node. */
    private static final Set<String> EFA = Set.of(
            "p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge",
            "trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge", "g5.48xlarge", "g6.48xlarge",
            "c5n.18xlarge", "hpc7g.16xlarge");

    private InstanceTypes() {}

    /** The family: {@code p4d} of {@code p4d.24xlarge}. */
    static String family(String instanceType) {
        int dot = instanceType.indexOf('.');
        return dot < 0 ? instanceType : instanceType.substring(0, dot);
    }

    /** Trainium ({@code trn1, trn1n, trn2}) or Inferentia ({@code inf1, inf2}): Neuron devices. */
    static boolean isNeuron(String instanceType) {
        String f = family(instanceType);
        return f.startsWith("trn") || f.startsWith("inf");
    }

    /** Whether the type has EFA networking. */
    static boolean hasEfa(String instanceType) {
        return EFA.contains(instanceType);
    }
}
