package dev.pfs.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the benchmark's processes run: each relay confined to one core ({@code taskset -c}), the
 * load generator to another, so that neither takes CPU from the other and the busier of the two
 * shows which one set the pace. One core per relay is also the fair setting: socketcluster-server
 * and ws run JavaScript on one thread, while our relay, a JVM, would otherwise use both cores.
 * Without {@code taskset} or a second core, nothing is pinned and the table says so.
 */
final class CpuPinning {
    private final int relayCpu;
    private final int loadCpu;
    private final String note;

    private CpuPinning(int relayCpu, int loadCpu, String note) {
        this.relayCpu = relayCpu;
        this.loadCpu = loadCpu;
        this.note = note;
    }

    /** No pinning, for the reason given. */
    static CpuPinning none(String reason) {
        return new CpuPinning(-1, -1, reason);
    }

    /**
     * The relays on the first core this process may use, the load generator on the second; no
     * pinning if {@code taskset} is missing or there are fewer than two cores.
     */
    static CpuPinning plan() {
        List<Integer> allowed = ProcessProbe.self().allowedCpus();
        if (allowed.size() < 2) {
            return none("only CPU " + allowed + " available");
        }
        if (!tasksetWorks()) {
            return none("taskset not found (Debian: package util-linux)");
        }
        return new CpuPinning(allowed.get(0), allowed.get(1), "");
    }

    boolean pinned() {
        return relayCpu >= 0;
    }

    /** The command prefix that confines a relay to its core; empty when not pinning. */
    List<String> relayPrefix() {
        return pinned() ? List.of("taskset", "-c", Integer.toString(relayCpu)) : List.of();
    }

    /**
     * Confines every thread of this JVM to the load generator's core (threads started later
     * inherit it), and checks that it took.
     *
     * @throws IOException if taskset failed or the affinity is not what was asked
     */
    void pinLoadGenerator() throws IOException, InterruptedException {
        if (!pinned()) {
            return;
        }
        long pid = ProcessHandle.current().pid();
        List<String> command = new ArrayList<>(List.of("taskset", "-a", "-p", "-c",
                Integer.toString(loadCpu), Long.toString(pid)));
        Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes());
        if (taskset.waitFor() != 0 || ProcessProbe.self().pinnedCpu() != loadCpu) {
            throw new IOException("could not pin the load generator to CPU " + loadCpu + ": "
                    + output.trim());
        }
    }

    /** For the report. */
    String describe() {
        return pinned() ? "relays pinned to CPU " + relayCpu + " (taskset -c " + relayCpu
                + "), load generator to CPU " + loadCpu
                : "nothing pinned (" + note + "): relays and load generator share every core";
    }

    private static boolean tasksetWorks() {
        try {
            Process probe = new ProcessBuilder("taskset", "--version").redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
