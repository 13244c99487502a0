package dev.skyrun.catalog;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Reads one cloud's SkyPilot schema-v8 {@code vms.csv}: one row per offering, columns named
 * by the header (their order differs per cloud).
 *
 * <p>A row with a blank {@code InstanceType} (GCP) is an accelerator sold separately from its
 * host VM: a GPU attached to a host, or a TPU VM. Those rows come back as {@link Attachable}s
 * for {@link GcpAttachments} to pair with hosts.
 */
final class VmsCsv {

    /** The offerings of one file, plus accelerators sold separately from a host. */
    record Rows(List<Offering> offerings, List<Attachable> attachables) {}

    /** An accelerator priced on its own (GCP GPUs and TPUs); {@code spot} NaN when not sold. */
    record Attachable(String accelerator, double count, double price, double spot, String region, String zone) {}

    private VmsCsv() {}

    /**
     * Parses {@code data}, the bytes of {@code file}, as the catalog of {@code cloud}.
     *
     * @throws InvalidInputException naming the file and line when the file is not a v8 catalog
     */
    static Rows read(String cloud, byte[] data, String file, Predicate<String> accelerators) {
        CsvScanner csv = new CsvScanner(data);
        if (!csv.next()) {
            return new Rows(List.of(), List.of());
        }
        Columns col = Columns.of(csv, file);
        List<Offering> offerings = new ArrayList<>(data.length / 70);
        List<Attachable> attachables = new ArrayList<>();
        Optional<String> noZone = Optional.empty();
        String lastZone = null;
        Optional<String> lastZoneOpt = noZone;
        String lastAcc = null;
        Optional<String> lastAccOpt = Optional.empty();
        boolean lastWanted = false;
        boolean gcp = cloud.equals("gcp");
        Map<String, Boolean> decisions = new IdentityHashMap<>();
        while (csv.next()) {
            try {
                String acc = csv.string(col.acceleratorName);
                if (acc != lastAcc) {
                    lastAcc = acc;
                    lastAccOpt = acc.isEmpty() ? Optional.empty() : Optional.of(acc);
                    lastWanted = decisions.computeIfAbsent(acc, accelerators::test);
                }
                String type = csv.string(col.instanceType);
                if (!lastWanted && !(gcp && acc.isEmpty() && GcpAttachments.mayHost(type))) {
                    continue;
                }
                double price = csv.number(col.price);
                if (Double.isNaN(price)) {
                    continue;
                }
                double spot = csv.number(col.spot);
                boolean hasSpot = !Double.isNaN(spot) && spot > 0;
                double count = acc.isEmpty() ? 0 : csv.number(col.acceleratorCount);
                String region = csv.string(col.region);
                String zone = csv.string(col.zone);
                if (type.isEmpty()) {
                    attachables.add(new Attachable(acc, Double.isNaN(count) ? 1 : count, price,
                            hasSpot ? spot : Double.NaN, region, zone));
                    continue;
                }
                if (zone != lastZone) {
                    lastZone = zone;
                    lastZoneOpt = zone.isEmpty() ? noZone : Optional.of(zone);
                }
                offerings.add(new Offering(cloud, type, lastAccOpt, Double.isNaN(count) ? 0 : count,
                        orZero(csv.number(col.vcpus)), orZero(csv.number(col.memory)), price,
                        hasSpot ? OptionalDouble.of(spot) : OptionalDouble.empty(), region, lastZoneOpt));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(Problem.of(new Location(file, csv.line(), 0), e.getMessage()));
            }
        }
        return new Rows(offerings, attachables);
    }

    private static double orZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    /** Where each column is, from the header row; -1 for a column the file does not have. */
    private record Columns(int instanceType, int acceleratorName, int acceleratorCount, int vcpus, int memory,
            int price, int spot, int region, int zone) {

        static Columns of(CsvScanner csv, String file) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < csv.fieldCount(); i++) {
                names.add(csv.string(i).toLowerCase(Locale.ROOT));
            }
            int type = names.indexOf("instancetype");
            int price = names.indexOf("price");
            int region = names.indexOf("region");
            if (type < 0 || price < 0 || region < 0) {
                throw new InvalidInputException(Problem.of(new Location(file, 1, 0), "not a SkyPilot v8 vms.csv: the header"
                        + " needs InstanceType, Price and Region, found " + names));
            }
            return new Columns(type, names.indexOf("acceleratorname"), names.indexOf("acceleratorcount"),
                    names.indexOf("vcpus"), names.indexOf("memorygib"), price, names.indexOf("spotprice"),
                    region, names.indexOf("availabilityzone"));
        }
    }
}
