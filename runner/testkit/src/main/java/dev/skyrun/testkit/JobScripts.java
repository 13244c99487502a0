package dev.skyrun.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a rendered VM job script as a played VM would: where its directories come from. */
public final class JobScripts {

    private JobScripts() {}

    /**
     * {@code BUCKET/KEY} of the store directory the job script copies in at the job's checkpoint
     * directory ({@code SKYRUN_CHECKPOINT_DIR}): where a VM's checkpoint lives while it runs.
     *
     * @throws AssertionError when the script copies no directory in there
     */
    public static String checkpointKey(String job) {
        Matcher dir = Pattern.compile("SKYRUN_CHECKPOINT_DIR='([^']*)'").matcher(job);
        if (!dir.find()) {
            throw new AssertionError("the job script names no checkpoint directory:\n" + job);
        }
        Matcher mount = Pattern.compile("-v \"\\$WORK/mounts/(\\d+):" + Pattern.quote(dir.group(1)) + "\"").matcher(job);
        if (!mount.find()) {
            throw new AssertionError("the job script mounts nothing at " + dir.group(1) + ":\n" + job);
        }
        Matcher copy = Pattern.compile("copy_in '([^']*)' '([^']*)' \"\\$WORK/mounts/" + mount.group(1) + "\"").matcher(job);
        if (!copy.find()) {
            throw new AssertionError("the job script copies nothing in at " + dir.group(1) + ":\n" + job);
        }
        return copy.group(1) + "/" + copy.group(2);
    }
}
