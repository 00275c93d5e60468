package dev.pfs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM on this machine: the total of {@code jcmd <pid>
 * GC.class_histogram}, which collects fully first and then counts what survived. (The "used"
 * figure of {@code GC.heap_info} after a {@code GC.run} would also count whatever a busy JVM
 * allocated between the two commands: tens of MiB on a loaded relay.)
 */
public final class JvmHeap {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private JvmHeap() {
    }

    /**
     * Bytes of heap in use in JVM {@code pid} right after a full collection.
     *
     * @throws IOException if jcmd fails or its answer has no heap figure
     */
    public static long liveBytes(long pid) throws IOException, InterruptedException {
        String histogram = jcmd(pid, "GC.class_histogram");
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IOException("no Total line in jcmd GC.class_histogram output of " + pid);
        }
        return Long.parseLong(total.group(1));
    }

    /** As {@link #liveBytes}, but -1 if the process is not a JVM jcmd can reach. */
    static long liveBytesOrUnknown(long pid) {
        try {
            return liveBytes(pid);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: "
                    + output.substring(0, Math.min(output.length(), 500)));
        }
        return output;
    }
}
