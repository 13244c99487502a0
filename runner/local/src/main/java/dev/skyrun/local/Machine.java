package dev.skyrun.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What this machine offers the {@code local} cloud: its CPUs, memory and NVIDIA GPUs.
 *
 * @param cpus logical CPUs
 * @param memoryGib total memory in GiB
 * @param gpus NVIDIA GPUs {@code nvidia-smi} lists (0 without the tool)
 * @param gpuName the first GPU's name, empty without GPUs
 */
public record Machine(int cpus, double memoryGib, int gpus, String gpuName) {

    /** The machine we run on. */
    public static Machine detect() {
        String[] gpu = nvidiaGpus();
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryGib(), gpu.length,
                gpu.length == 0 ? "" : gpu[0].strip());
    }

    private static double totalMemoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return kib / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall back to the JVM's view
        }
        return Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0 / 1024.0;
    }

    private static String[] nvidiaGpus() {
        if (!onPath("nvidia-smi")) {
            return new String[0]; // no NVIDIA driver tools: no GPUs (and no process started to find out)
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isBlank()) {
                return new String[0];
            }
            return out.strip().split("\n");
        } catch (IOException e) {
            return new String[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[0];
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
