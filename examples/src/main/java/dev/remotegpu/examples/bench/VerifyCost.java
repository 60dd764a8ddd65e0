package dev.remotegpu.examples.bench;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What SHA-256 while receiving costs on a loopback pull, and where the CPU goes: the SDK's raw SFTP copy of one
 * file from a private OpenSSH sshd, without hashing, hashing between reads on the reading thread (the sync engine
 * until 2026-11-30), and hashing handed off to a second thread (as the engine does now), interleaved, with medians
 * of the wall time and of the CPU seconds of the reading thread, MINA's I/O threads, the rest of this JVM (hasher,
 * GC, JIT) and sshd with its sftp-server. CPU seconds do not depend on the machine's load the way wall time does.
 * Since client and server share the cores here, it also prints how busy the copies keep them, and how busy a hashed
 * copy would have to keep them to add under 10 % to the raw copy's time.
 * {@code source=local} reads the file from this machine's page cache instead (a source that keeps up, as a fast link
 * would): what the hash costs the copying thread when the server is not competing for the cores.
 * Usage: {@code VerifyCost work=DIR fileMiB=1024 rounds=5 modes=NONE,INLINE,HAND_OFF source=sftp}.
 */
public final class VerifyCost {
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  /** source=local: read the file from this machine's page cache instead of over SFTP (a source that keeps up). */
  private static boolean LOCAL_SOURCE;

  private VerifyCost() {}

  /** Runs the interleaved A/B and prints one line per mode. */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("work", "target", "fileMiB", "1024", "rounds", "5", "modes",
        "NONE,INLINE,HAND_OFF", "source", "sftp"));
    for (String a : args) {
      o.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    Path data = Files.createTempDirectory(Files.createDirectories(Path.of(o.get("work")).toAbsolutePath()),
        "verify-cost-");
    int mib = Integer.parseInt(o.get("fileMiB"));
    int rounds = Integer.parseInt(o.get("rounds"));
    LOCAL_SOURCE = o.get("source").equals("local");
    Path remote = data.resolve("remote/weights.bin");
    SyncBenchmark.writeRandom(remote, mib * (1L << 20), 7);
    SyncBenchmark.settle();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<HashingCopy, List<double[]>> results = new EnumMap<>(HashingCopy.class);
    try (OpenSshDaemon sshd = OpenSshDaemon.start()) {
      long sshdPid = ProcessHandle.current().children().filter(p -> p.info().command().orElse("")
          .endsWith("sshd")).findFirst().orElseThrow().pid();
      SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", sshd.port(), sshd.user()))
          .privateKey(sshd.clientKeyFile()).knownHosts(sshd.writeKnownHosts(data.resolve("known_hosts"))).build();
      List<HashingCopy> order = new ArrayList<>();
      for (String mode : o.get("modes").split(",")) {
        order.add(HashingCopy.valueOf(mode.strip()));
      }
      copy(config, remote, data.resolve("warm.bin"), HashingCopy.HAND_OFF, threads, sshdPid); // JIT warm-up
      copy(config, remote, data.resolve("warm.bin"), HashingCopy.INLINE, threads, sshdPid);
      for (int r = 0; r < rounds; r++) {
        StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
        for (HashingCopy mode : order) {
          double[] m = copy(config, remote, data.resolve("out.bin"), mode, threads, sshdPid);
          results.computeIfAbsent(mode, k -> new ArrayList<>()).add(m);
          line.append(String.format(" %s %.2f s (CPU s: JVM %.2f, sshd %.2f);", mode, m[0], m[5] - m[4], m[4]));
        }
        System.out.println(line);
        Collections.rotate(order, 1);
      }
    } finally {
      SyncBenchmark.deleteTree(data);
    }
    System.out.printf("%n%d MiB from OpenSSH sshd on loopback, %d rounds interleaved, medians; CPU in seconds%n",
        mib, rounds);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println("| copy | wall s | vs no hashing | reading thread | MINA I/O threads | rest of JVM"
        + " (hasher, GC, JIT) | sshd + sftp-server | all CPU | cores busy |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    List<double[]> none = results.getOrDefault(HashingCopy.NONE, results.values().iterator().next());
    double base = median(none, 0);
    double baseBusy = median(none, 5) / (cores * base);
    for (Map.Entry<HashingCopy, List<double[]>> e : results.entrySet()) {
      HashingCopy mode = e.getKey();
      List<double[]> runs = e.getValue();
      double wall = median(runs, 0);
      System.out.printf("| %s | %.2f | %+.1f %% | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f %% |%n", mode, wall,
          100 * (wall - base) / base, median(runs, 1), median(runs, 2), median(runs, 3), median(runs, 4),
          median(runs, 5), 100 * median(runs, 5) / (cores * wall));
    }
    if (results.containsKey(HashingCopy.NONE)) {
      // Each round ran every mode back to back: the ratio within a round cancels the drift between rounds.
      double[] raw = none.stream().mapToDouble(r -> r[0]).sorted().toArray();
      for (Map.Entry<HashingCopy, List<double[]>> e : results.entrySet()) {
        if (e.getKey() == HashingCopy.NONE) {
          continue;
        }
        double[] ratios = new double[e.getValue().size()];
        for (int r = 0; r < ratios.length; r++) {
          ratios[r] = e.getValue().get(r)[0] / none.get(r)[0];
        }
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        StringBuilder each = new StringBuilder();
        for (double ratio : ratios) {
          each.append(each.length() == 0 ? "" : ", ").append(String.format("%+.0f", 100 * (ratio - 1)));
        }
        System.out.printf("%s paired with the raw copy of its round: median %+.1f %% (rounds: %s %%); the raw copy"
            + " itself took %.2f to %.2f s%n", e.getKey(), 100 * (median - 1), each, raw[0], raw[raw.length - 1]);
      }
    }
    for (Map.Entry<HashingCopy, List<double[]>> e : results.entrySet()) {
      if (e.getKey() != HashingCopy.NONE) {
        // Client and server share these cores: a copy takes at least its CPU over the cores it keeps busy.
        double cpu = median(e.getValue(), 5);
        System.out.printf("%s: to add under 10 %% with its %.2f CPU s, the copy must keep the %d cores %.0f %% busy"
            + " (the raw copy keeps them %.0f %% busy)%n", e.getKey(), cpu, cores, 100 * cpu / (cores * 1.1 * base),
            100 * baseBusy);
      }
    }
  }

  /** One copy on a fresh connection: wall s, reading thread, MINA threads, rest of JVM, sshd, total CPU s. */
  private static double[] copy(SshConfig config, Path remote, Path local, HashingCopy mode, ThreadMXBean threads,
      long sshdPid) throws Exception {
    Files.deleteIfExists(local);
    double sshd0 = sshdCpu(sshdPid);
    double jvm0 = processCpu();
    double reader0 = threads.getCurrentThreadCpuTime() / 1e9;
    long start = System.nanoTime();
    double mina;
    try (SshConnection connection = SshConnector.connect(config);
        CheckpointStore store = SftpCheckpoints.store(connection, remote.getParent().toString())) {
      Map<Long, Double> before = minaThreads();
      try (InputStream in = LOCAL_SOURCE ? Files.newInputStream(remote)
          : store.open(remote.getFileName().toString(), 0)) {
        mode.copy(in, local, new java.util.concurrent.atomic.AtomicLong());
      }
      Map<Long, Double> after = minaThreads();
      mina = after.entrySet().stream().mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0))
          .sum();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double reader = threads.getCurrentThreadCpuTime() / 1e9 - reader0;
    double jvm = processCpu() - jvm0;
    SyncBenchmark.settle(); // this copy's writeback must not land in the next one
    Thread.sleep(500); // let sshd reap the session's processes, so their CPU is in its children's total
    double sshd = sshdCpu(sshdPid) - sshd0;
    return new double[] {wall, reader, mina, jvm - reader - mina, sshd, jvm + sshd};
  }

  /** CPU seconds of this JVM's threads whose name starts as MINA's client I/O threads do, by thread id. */
  private static Map<Long, Double> minaThreads() throws IOException {
    Map<Long, Double> cpu = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("sshd-SshClient")) {
            cpu.put(Long.parseLong(task.getFileName().toString()), ticks(stat, 0));
          }
        } catch (IOException threadEnded) {
          // a thread that ended between the listing and the read
        }
      }
    }
    return cpu;
  }

  private static double processCpu() throws IOException {
    return ticks(Files.readString(Path.of("/proc/self/stat")), 0);
  }

  /** sshd's own CPU plus that of its reaped children (the sessions and their sftp-servers). */
  private static double sshdCpu(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return ticks(stat, 0) + ticks(stat, 2);
  }

  /** utime + stime (from = 0) or cutime + cstime (from = 2) of a /proc stat line, in seconds. */
  private static double ticks(String stat, int from) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the name: state(0) ppid ... utime is field 14 of the line, index 11 here
    return (Long.parseLong(f[11 + from]) + Long.parseLong(f[12 + from])) / (double) TICKS_PER_SECOND;
  }

  private static double median(List<double[]> runs, int column) {
    double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v[v.length / 2];
  }
}
