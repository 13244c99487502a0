package dev.skyrun.aws;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * The accelerators of every EC2 instance type, from DescribeInstanceTypes: NVIDIA/AMD GPUs
 * ({@code GpuInfo}), Trainium and Inferentia2 ({@code NeuronInfo}) and first-generation
 * Inferentia ({@code InferenceAcceleratorInfo}), named as skyrun's catalog names them
 * ({@code A100-80GB}, {@code V100-32GB}, {@code Trainium2}).
 */
final class Ec2Accelerators {

    /** An instance type's accelerator: canonical name and count per instance. */
    record Accelerator(String name, double count) {}

    private Ec2Accelerators() {}

    /** Instance type to accelerator, for the types that have one. */
    static Map<String, Accelerator> describe(Ec2Client ec2, AwsErrors errors) {
        var types = errors.call("DescribeInstanceTypes", () -> ec2.describeInstanceTypesPaginator(r -> r.maxResults(100))
                .instanceTypes().stream().toList());
        Map<String, Accelerator> out = new HashMap<>();
        for (InstanceTypeInfo t : types) {
            Accelerator a = of(t);
            if (a != null) {
                out.put(t.instanceTypeAsString(), a);
            }
        }
        return out;
    }

    private static Accelerator of(InstanceTypeInfo t) {
        if (t.gpuInfo() != null && t.gpuInfo().hasGpus() && !t.gpuInfo().gpus().isEmpty()) {
            GpuDeviceInfo g = t.gpuInfo().gpus().get(0);
            long mib = g.memoryInfo() == null || g.memoryInfo().sizeInMiB() == null ? 0 : g.memoryInfo().sizeInMiB();
            return new Accelerator(gpuName(g.name(), mib), g.count());
        }
        if (t.neuronInfo() != null && t.neuronInfo().hasNeuronDevices() && !t.neuronInfo().neuronDevices().isEmpty()) {
            var n = t.neuronInfo().neuronDevices().get(0);
            return new Accelerator(n.name(), n.count());
        }
        if (t.inferenceAcceleratorInfo() != null && t.inferenceAcceleratorInfo().hasAccelerators()
                && !t.inferenceAcceleratorInfo().accelerators().isEmpty()) {
            var i = t.inferenceAcceleratorInfo().accelerators().get(0);
            return new Accelerator(i.name(), i.count());
        }
        return null;
    }

    /** EC2's GPU name as the catalogs write it: memory variants get a suffix, spaces go. */
    static String gpuName(String name, long memoryMib) {
        if (name.equals("A100") && memoryMib >= 80 * 1000) {
            return "A100-80GB";
        }
        if (name.equals("V100") && memoryMib >= 32 * 1000) {
            return "V100-32GB";
        }
        return name.replace(" ", "");
    }
}
