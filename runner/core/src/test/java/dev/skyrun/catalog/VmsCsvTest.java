package dev.skyrun.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class VmsCsvTest {

    private static List<Offering> read(String cloud, String csv) {
        return CatalogLoader.offeringsOf(cloud, csv.getBytes(StandardCharsets.UTF_8), "vms.csv", a -> true);
    }

    @Test
    void readsColumnsByHeaderNameInAnyOrderWithQuotedCommas() {
        List<Offering> rows = read("vast", """
                InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region
                1x-RTX_5090,RTX5090,1,32,64.0,"{'Gpus': [{'Name': 'RTX5090', 'Count': 1}]}",0.44,0.00,"Denmark, DK, EU"
                """);
        assertThat(rows).containsExactly(new Offering("vast", "1x-RTX_5090", Optional.of("RTX5090"), 1, 32, 64, 0.44,
                OptionalDouble.empty(), "Denmark, DK, EU", Optional.empty()));
    }

    @Test
    void gcpBlankInstanceTypeRowsAttachToHostsInTheSameZone() {
        List<Offering> rows = read("gcp", """
                InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,GpuInfo,Region,AvailabilityZone,Price,SpotPrice
                n1-standard-8,8.0,30.0,,,,us-central1,us-central1-a,0.38,0.08
                n1-standard-16,16.0,60.0,,,,us-central1,us-central1-a,0.76,0.16
                n1-standard-8,8.0,30.0,,,,us-central1,us-central1-b,0.38,0.08
                g2-standard-4,4.0,16.0,,,,us-central1,us-central1-a,0.15,0.06
                ,,,V100,1,{},us-central1,us-central1-a,2.48,0.74
                ,,,L4,1,{},us-central1,us-central1-a,0.56,
                ,,,tpu-v5litepod-8,1,tpu-v5litepod-8,us-central1,us-central1-a,9.6,4.8
                """);
        // n1-standard-8 alone, twice; V100:1 only on n1-standard-8 (16 vCPUs is above V100:1's 12) in zone a;
        // L4 only on g2-standard-4, on demand only (the L4 row has no spot price); the TPU VM on its own.
        assertThat(rows).extracting(o -> o.instanceType() + " " + o.acceleratorName().orElse("-") + " "
                        + o.zone().orElseThrow() + " " + o.onDemandPrice() + " " + o.spotPrice())
                .containsExactly(
                        "n1-standard-8 - us-central1-a 0.38 OptionalDouble[0.08]",
                        "n1-standard-16 - us-central1-a 0.76 OptionalDouble[0.16]",
                        "n1-standard-8 - us-central1-b 0.38 OptionalDouble[0.08]",
                        "n1-standard-8 V100 us-central1-a 2.86 OptionalDouble[0.82]",
                        "g2-standard-4 L4 us-central1-a 0.71 OptionalDouble.empty",
                        "TPU-VM tpu-v5litepod-8 us-central1-a 9.6 OptionalDouble[4.8]");
    }

    @Test
    void aFileWithoutTheV8HeaderIsRefusedWithItsName() {
        assertThatThrownBy(() -> read("aws", "name,cost\na,1\n"))
                .hasMessageStartingWith("vms.csv:1: not a SkyPilot v8 vms.csv");
        assertThatThrownBy(() -> read("aws", "InstanceType,Price,Region\nm5.large,cheap,us-east-1\n"))
                .hasMessageStartingWith("vms.csv:2: not a number: 'cheap'");
    }

    @Test
    void decimalsParseExactlyLikeTheJdk() {
        for (String s : List.of("0", "12.0", "0.94803", "90.74744", "1234567.891", "0.000001", "7")) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat(Decimal.parse(b, 0, b.length)).as(s).isEqualTo(Double.parseDouble(s));
        }
        byte[] e = "1e-5".getBytes(StandardCharsets.US_ASCII);
        assertThat(Decimal.parse(e, 0, e.length)).isNaN();
    }
}
