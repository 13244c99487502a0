package dev.skyrun.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void procMountsOctalEscapesAreDecoded() {
        assertThat(MountTable.unescape("/home/a\\040b/fuse\\0110")).isEqualTo("/home/a b/fuse\t0");
        assertThat(MountTable.unescape("/plain/path")).isEqualTo("/plain/path");
        assertThat(MountTable.unescape("/ends/with\\04")).isEqualTo("/ends/with\\04");
    }

    @Test
    void aRemoteReachesRcloneAsEnvironmentVariablesOnlyAndPrintsNoValues() {
        RcloneRemote r = new RcloneRemote("s3", Map.of("endpoint", "http://127.0.0.1:9", "secret_access_key", "s3cr3t"));

        assertThat(r.environment()).containsEntry("RCLONE_CONFIG_SKYRUN_TYPE", "s3")
                .containsEntry("RCLONE_CONFIG_SKYRUN_ENDPOINT", "http://127.0.0.1:9")
                .containsEntry("RCLONE_CONFIG_SKYRUN_SECRET_ACCESS_KEY", "s3cr3t");
        assertThat(r.toString()).doesNotContain("s3cr3t");
        assertThat(RcloneRemote.path(StoreUri.parse("s3://b/data/train/"))).isEqualTo("skyrun:b/data/train");
        assertThat(RcloneRemote.path(StoreUri.parse("s3://b"))).isEqualTo("skyrun:b");
    }
}
