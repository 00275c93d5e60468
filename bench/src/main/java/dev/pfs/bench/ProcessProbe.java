package dev.pfs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and memory of one Linux process, read from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}: {@code utime + stime}, {@code VmRSS} and {@code VmHWM} (the peak
 * RSS, which {@link #resetPeak()} restarts from the current RSS).
 */
public final class ProcessProbe {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux built for x86 or arm. */
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;

    private ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** A probe of the process {@code pid}. */
    public static ProcessProbe of(long pid) {
        return new ProcessProbe(pid);
    }

    /** A probe of this JVM, the load generator. */
    public static ProcessProbe self() {
        return new ProcessProbe(ProcessHandle.current().pid());
    }

    public long pid() {
        return pid;
    }

    /** User plus system CPU time the process has used, in milliseconds. */
    public long cpuMillis() {
        String stat = read("stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** Resident set size now, in bytes. */
    public long rssBytes() {
        return statusKib("VmRSS:") * 1024;
    }

    /** Peak resident set size since start or since the last {@link #resetPeak()}, in bytes. */
    public long peakRssBytes() {
        return statusKib("VmHWM:") * 1024;
    }

    /** Restarts the peak RSS from the current RSS (writes 5 to {@code clear_refs}). */
    public void resetPeak() {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak RSS of process " + pid, e);
        }
    }

    /** The CPUs the process may run on ({@code Cpus_allowed_list}), in ascending order. */
    public List<Integer> allowedCpus() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseCpuList(line.substring("Cpus_allowed_list:".length()).trim());
            }
        }
        throw new IllegalStateException("no Cpus_allowed_list in /proc/" + pid + "/status");
    }

    /** The one CPU the process is confined to, or -1 if it may run on several. */
    public int pinnedCpu() {
        List<Integer> cpus = allowedCpus();
        return cpus.size() == 1 ? cpus.get(0) : -1;
    }

    /** A kernel CPU list such as {@code 0-2,5} as the CPUs it names. */
    static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String range = part.trim();
            if (range.isEmpty()) {
                continue;
            }
            int dash = range.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
            for (int cpu = first; cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /** Whether the process still exists. */
    public boolean alive() {
        return Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The machine's 1-minute load average, from {@code /proc/loadavg}. */
    public static double loadAverage() {
        try {
            String text = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
            return Double.parseDouble(text.split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time all processes on the machine have used (user, nice, system, ...), in ms. */
    public static long machineBusyMillis() {
        return busyMillis(ticks("cpu "));
    }

    /**
     * CPU time all processes have used on core {@code cpu}, in ms: with the relay and the load
     * generator pinned, how full each one's core was, whoever filled it.
     */
    public static long coreBusyMillis(int cpu) {
        return busyMillis(ticks("cpu" + cpu + " "));
    }

    /**
     * Time core {@code cpu} spent in software interrupts, in ms. Over loopback, the kernel
     * delivers what a process sends to the receiving socket in a software interrupt on the
     * sender's core: this shows how much of a pinned relay's core that takes. With plain tick
     * accounting (this machine's kernel: no {@code CONFIG_IRQ_TIME_ACCOUNTING}) the time is
     * also counted to the process it interrupted, so it is part of the relay's CPU, not extra.
     */
    public static long coreSoftirqMillis(int cpu) {
        return ticks("cpu" + cpu + " ")[7] * 1000 / TICKS_PER_SECOND;
    }

    // The busy fields of one line of /proc/stat: all but idle and iowait, steal included (a
    // hypervisor's taking is time the process could not have).
    private static long busyMillis(long[] ticks) {
        long busy = 0;
        for (int i = 1; i < ticks.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle and iowait are not busy
                busy += ticks[i];
            }
        }
        return busy * 1000 / TICKS_PER_SECOND;
    }

    /** The fields of the /proc/stat line starting with {@code linePrefix}; [0] is unused. */
    private static long[] ticks(String linePrefix) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"),
                    StandardCharsets.US_ASCII)) {
                if (line.startsWith(linePrefix)) {
                    String[] fields = line.trim().split("\\s+");
                    long[] ticks = new long[fields.length];
                    for (int i = 1; i < fields.length; i++) {
                        ticks[i] = Long.parseLong(fields[i]);
                    }
                    return ticks;
                }
            }
            throw new IllegalStateException("no line " + linePrefix.trim() + " in /proc/stat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long statusKib(String key) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file, e);
        }
    }
}
