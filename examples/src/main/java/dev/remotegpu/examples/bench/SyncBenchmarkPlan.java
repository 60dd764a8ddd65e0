package dev.remotegpu.examples.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link SyncBenchmark} run measures: its links, sizes, pushes, and the rounds each tool gets (OpenSSH's
 * window-bound tools get fewer on long links). It prints itself with an estimate of the run's wall time, counted
 * from the transfers it will make and the rates of the last idle-machine run, so a run's length is known before
 * it starts ({@code dry=true} stops there).
 */
record SyncBenchmarkPlan(int rounds, int[] rttMs, long rate, int[] fileMiB, int[] treeFiles, boolean pushFile,
    boolean pushTree, int slowFromMs, int slowRounds) {
  /** OpenSSH's channel window: one channel moves at most this per round trip. */
  private static final double OPENSSH_WINDOW = 2 << 20;
  /** Fraction of window / RTT OpenSSH's tools reached through the emulated links (85 MB/s at 20 ms, 22 at 80). */
  private static final double WINDOW_EFFICIENCY = 0.85;
  /** Ceilings on loopback (idle 2-core machine, 2026-11-30): the SDK about 300 MB/s, OpenSSH's tools about 250. */
  private static final double SDK_CEILING = 300e6;
  private static final double OPENSSH_CEILING = 250e6;
  /**
   * Start-up of each transfer (a process or connection, a log-in, deleting its output): with it the old defaults
   * (1024,1024,256 MiB, 200,200,40 files, no push, 3 rounds) price at 12 min 02 s; their idle run took 12 min 22 s.
   */
  private static final double PER_TRANSFER = 0.5;
  private static final double MIB = 1 << 20;
  private static final int TREE_FILE_MIB = 5;

  SyncBenchmarkPlan {
    if (fileMiB.length != rttMs.length || treeFiles.length != rttMs.length) {
      throw new IllegalArgumentException("fileMiB and treeFiles need one value per rttMs value");
    }
    if (rounds < 1 || slowRounds < 1) {
      throw new IllegalArgumentException("rounds and slowRounds must be at least 1");
    }
  }

  /** What {@code push=} names: {@code file}, {@code tree}, both comma-separated, {@code none}; true/false as before. */
  static boolean[] pushes(String value) {
    List<String> parts = Arrays.stream(value.toLowerCase(Locale.ROOT).split(",")).map(String::strip).toList();
    if (parts.equals(List.of("true"))) {
      return new boolean[] {true, true};
    }
    if (parts.equals(List.of("false")) || parts.equals(List.of("none"))) {
      return new boolean[] {false, false};
    }
    for (String p : parts) {
      if (!p.equals("file") && !p.equals("tree")) {
        throw new IllegalArgumentException("push=" + value + ": name file, tree, file,tree or none");
      }
    }
    return new boolean[] {parts.contains("file"), parts.contains("tree")};
  }

  /** The rounds a tool gets on a link: OpenSSH's tools fewer on links of {@link #slowFromMs} or more. */
  int roundsFor(int rtt, boolean openSsh) {
    return openSsh && rtt > 0 && rtt >= slowFromMs ? Math.min(slowRounds, rounds) : rounds;
  }

  /** Prints the settings, what is cut, and the estimate. */
  void print() {
    System.out.printf("plan: rounds=%d rttMs=%s rate=%d fileMiB=%s treeFiles=%s push=%s slowFromMs=%d"
        + " slowRounds=%d%n", rounds, csv(rttMs), rate, csv(fileMiB), csv(treeFiles),
        pushFile && pushTree ? "file,tree" : pushFile ? "file" : pushTree ? "tree" : "none", slowFromMs, slowRounds);
    for (int rtt : rttMs) {
      if (roundsFor(rtt, true) < rounds) {
        System.out.printf("cut: at %d ms, scp, scp -c aes128-gcm, sftp -R 64 and rsync -a run %d of %d rounds"
            + " (bound by OpenSSH's 2 MiB window: window / RTT, the same every round); the SDK runs all %d%n",
            rtt, roundsFor(rtt, true), rounds, rounds);
      }
    }
    if (!pushTree) {
      System.out.println("cut: no tree push (push=file,tree adds it)");
    }
    System.out.printf("estimated wall time: %s%n", estimate());
  }

  /** The run's estimated wall time, e.g. {@code 21 min 40 s}. */
  String estimate() {
    long s = Math.round(estimatedSeconds());
    return String.format("%d min %02d s", s / 60, s % 60);
  }

  /** Counts every transfer the run makes and prices each at the rates of the last idle-machine run. */
  double estimatedSeconds() {
    double total = 0;
    double written = Arrays.stream(fileMiB).distinct().sum() + TREE_FILE_MIB * Arrays.stream(treeFiles).distinct()
        .sum();
    total += written * MIB / 200e6; // writing and sealing (hashing) the data
    for (int i = 0; i < rttMs.length; i++) {
      double rtt = rttMs[i] / 1000.0;
      double file = fileMiB[i] * MIB;
      double tree = treeFiles[i] * TREE_FILE_MIB * MIB;
      int sdk = roundsFor(rttMs[i], false);
      int ssh = roundsFor(rttMs[i], true);
      if (rttMs[i] > 0) {
        total += Math.max(64 * MIB, rate * 3.0) / rate; // raw TCP through the link
      }
      total += sdkSeconds(tree, rtt); // warm-up
      total += sdk * 3 * sdkSeconds(file, rtt) + ssh * 4 * sshSeconds(file, rtt); // SDK, 2 raw copies; 4 tools
      total += sdk * sdkSeconds(tree, rtt) + ssh * sshSeconds(tree, rtt);
      total += sdk * (0.2 + 10 * rtt) + rounds * (0.3 + 12 * rtt); // re-sync of the unchanged tree
      int transfers = sdk * 5 + ssh * 5 + rounds;
      if (pushFile) {
        total += sdk * sdkSeconds(file, rtt) + ssh * 2 * sshSeconds(file, rtt);
        transfers += sdk + 2 * ssh;
      }
      if (pushTree) {
        total += sdk * sdkSeconds(tree, rtt) + ssh * sshSeconds(tree, rtt);
        transfers += sdk + ssh;
      }
      total += transfers * PER_TRANSFER;
    }
    if (Arrays.stream(treeFiles).max().orElse(0) > 0) {
      total += 8; // the -Xmx64m pull in a child JVM on loopback
      int longest = Arrays.stream(rttMs).max().orElse(0);
      if (longest > 0) {
        total += 4 + sdkSeconds(Arrays.stream(fileMiB).max().orElse(0) * MIB, longest / 1000.0); // the longest link
      }
    }
    return total;
  }

  private double sdkSeconds(double bytes, double rtt) {
    return bytes / Math.min(rtt > 0 ? rate : Double.MAX_VALUE, SDK_CEILING) + 15 * rtt;
  }

  private double sshSeconds(double bytes, double rtt) {
    double window = rtt > 0 ? WINDOW_EFFICIENCY * OPENSSH_WINDOW / rtt : Double.MAX_VALUE;
    return bytes / Math.min(Math.min(rtt > 0 ? rate : Double.MAX_VALUE, OPENSSH_CEILING), window) + 10 * rtt;
  }

  private static String csv(int[] values) {
    return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
  }
}
