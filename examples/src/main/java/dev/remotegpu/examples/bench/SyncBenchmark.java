package dev.remotegpu.examples.bench;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Benchmarks checkpoint pulls over SFTP against OpenSSH on one private loopback sshd, interleaved A B A B
 * (3 rounds, medians), started by the
 * test fixtures' {@link OpenSshDaemon}: a 1 GiB file vs {@code scp}, a 200 x 5 MiB tree vs {@code rsync -a}, an unchanged
 * re-sync vs {@code rsync -a}, SHA-256 of 1 GiB vs {@code sha256sum}, and a 1 GiB pull in a child JVM
 * with {@code -Xmx64m}. Prints each time and the throughput ratio (OpenSSH time / SDK time: above 1.0 means
 * the SDK is faster). Usage: {@code SyncBenchmark [workDir] [rounds]}; data goes under a temporary directory
 * of {@code workDir} (default {@code target}) and is deleted at the end.
 */
public final class SyncBenchmark {
  private static final long GIB = 1L << 30;
  private static final int TREE_FILES = 200;
  private static final int TREE_FILE_BYTES = 5 << 20;

  private SyncBenchmark() {}

  /** Runs the benchmark, or with {@code --child-pull} one pull for the small-heap check. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child-pull")) {
      childPull(args);
      return;
    }
    Path work = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Files.createDirectories(work);
    Path data = Files.createTempDirectory(work, "sync-bench-");
    try {
      run(data, rounds);
    } finally {
      deleteTree(data);
    }
  }

  private static void run(Path data, int rounds) throws Exception {
    System.out.printf("remotegpu checkpoint sync benchmark: %d rounds, interleaved, medians; JVM %s, %d cpus%n",
        rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    Path remoteRoot = data.resolve("remote");
    System.out.println("writing 1 GiB file and 200 x 5 MiB tree ...");
    writeRandom(remoteRoot.resolve("active/big/model/weights.bin"), GIB, 1);
    for (int i = 0; i < TREE_FILES; i++) {
      writeRandom(remoteRoot.resolve(String.format("active/tree/shard/f%03d.bin", i)), TREE_FILE_BYTES, 100 + i);
    }
    CheckpointStore remoteLocal = LocalCheckpointStore.at(remoteRoot);
    CheckpointSync.seal(remoteLocal, "big", "bench-big", Clock.systemUTC());
    CheckpointSync.seal(remoteLocal, "tree", "bench-tree", Clock.systemUTC());
    Path bigFile = remoteRoot.resolve("export/big/model/weights.bin");
    Path treeDir = remoteRoot.resolve("export/tree");

    try (OpenSshDaemon sshd = OpenSshDaemon.start()) {
      Path knownHosts = sshd.writeKnownHosts(data.resolve("known_hosts"));
      SshConfig config = SshConfig.builder(sshd.endpoint()).privateKey(sshd.clientKeyFile()).knownHosts(knownHosts)
          .build();
      String target = sshd.user() + "@127.0.0.1";
      // scp and rsync use the same daemon, key and host-key handling as the SDK.
      List<String> sshOptions = List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile="
          + data.resolve("openssh_known_hosts"), "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-i",
          sshd.clientKeyFile().toString());
      List<String> ssh = new ArrayList<>(List.of("ssh", "-p", Integer.toString(sshd.port())));
      ssh.addAll(sshOptions);
      // Warm-up (not timed): host key learned by both clients, JIT and page cache warmed a little.
      exec(concat(List.of("scp", "-q", "-P", Integer.toString(sshd.port())), sshOptions,
          List.of(target + ":" + remoteRoot.resolve("export/tree/shard/f000.bin"), data.resolve("warm.bin").toString())));
      pull(config, remoteRoot, data.resolve("warm"), "tree");
      deleteTree(data.resolve("warm"));

      long[][] file = new long[2][rounds];
      long[][] tree = new long[2][rounds];
      long[][] again = new long[2][rounds];
      long[][] sha = new long[2][rounds];
      for (int r = 0; r < rounds; r++) {
        Path ours = data.resolve("ours-" + r);
        Path theirs = data.resolve("theirs-" + r);
        Files.createDirectories(theirs.resolve("file"));
        file[0][r] = time(() -> pull(config, remoteRoot, ours.resolve("file"), "big"));
        file[1][r] = time(() -> exec(concat(List.of("scp", "-q", "-P", Integer.toString(sshd.port())),
            sshOptions, List.of(target + ":" + bigFile, theirs.resolve("file").toString()))));
        deleteTree(ours.resolve("file"));
        deleteTree(theirs.resolve("file"));

        String rsh = String.join(" ", ssh);
        tree[0][r] = time(() -> pull(config, remoteRoot, ours.resolve("tree"), "tree"));
        tree[1][r] = time(() -> exec(List.of("rsync", "-a", "-e", rsh, target + ":" + treeDir + "/",
            theirs.resolve("tree").toString() + "/")));
        again[0][r] = time(() -> {
          SyncResult s = pull(config, remoteRoot, ours.resolve("tree"), "tree");
          if (!s.upToDate() || s.bytesSent() != 0) {
            throw new IllegalStateException("re-sync sent bytes: " + s);
          }
          return s;
        });
        again[1][r] = time(() -> exec(List.of("rsync", "-a", "-e", rsh, target + ":" + treeDir + "/",
            theirs.resolve("tree").toString() + "/")));
        deleteTree(ours);
        deleteTree(theirs);

        sha[0][r] = time(() -> sha256(bigFile));
        sha[1][r] = time(() -> exec(List.of("sha256sum", bigFile.toString())));
        System.out.printf("round %d: file %s/%s  tree %s/%s  re-sync %s/%s  sha %s/%s (SDK/OpenSSH s)%n", r + 1,
            s(file[0][r]), s(file[1][r]), s(tree[0][r]), s(tree[1][r]), s(again[0][r]), s(again[1][r]),
            s(sha[0][r]), s(sha[1][r]));
      }
      System.out.println();
      System.out.println("| what | SDK (median s) | OpenSSH tool (median s) | ratio of medians (tool / SDK) "
          + "| median of per-round ratios | target |");
      System.out.println("|---|---|---|---|---|---|");
      row("pull 1 GiB file", "scp", file, ">= 1.0");
      row("pull 200 x 5 MiB tree", "rsync -a (first copy)", tree, ">= 1.0");
      row("re-sync unchanged tree", "rsync -a (no change)", again, "> 1.0");
      row("SHA-256 of 1 GiB", "sha256sum", sha, ">= 0.9");

      Path child = data.resolve("child");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> argv = List.of(java, "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
          SyncBenchmark.class.getName(), "--child-pull", Integer.toString(sshd.port()), sshd.user(),
          sshd.clientKeyFile().toString(), knownHosts.toString(), remoteRoot.toString(), child.toString());
      long start = System.nanoTime();
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      out = out.substring(out.lastIndexOf('\n') + 1);
      int code = p.waitFor();
      System.out.printf("%nchild JVM -Xmx64m pull of 1 GiB: exit %d in %s s: %s%n", code,
          s(System.nanoTime() - start), out);
      deleteTree(child);
    }
  }

  private static void childPull(String[] a) throws Exception {
    SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", Integer.parseInt(a[1]), a[2]))
        .privateKey(Path.of(a[3])).knownHosts(Path.of(a[4])).build();
    SyncResult r = pull(config, Path.of(a[5]), Path.of(a[6]), "big");
    System.out.printf("completed=%s bytes=%d verified=%s maxHeap=%d MiB%n", r.verified().isPresent(),
        r.bytesSent(), r.verified().map(v -> v.manifestSha256().substring(0, 12)).orElse("no"),
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static SyncResult pull(SshConfig config, Path remoteRoot, Path localRoot, String id) throws Exception {
    try (SshConnection connection = SshConnector.connect(config);
        CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
      return CheckpointSync.builder().build().pull(remote, LocalCheckpointStore.at(localRoot), id);
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buffer) >= 0) {
        buffer.flip();
        md.update(buffer);
        buffer.clear();
      }
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  private static void row(String what, String tool, long[][] t, String target) {
    long ours = median(t[0]);
    long theirs = median(t[1]);
    double[] paired = new double[t[0].length];
    for (int i = 0; i < paired.length; i++) {
      paired[i] = (double) t[1][i] / t[0][i];
    }
    Arrays.sort(paired);
    System.out.printf("| %s | %s | %s: %s | %.2fx | %.2fx | %s |%n", what, s(ours), tool, s(theirs),
        (double) theirs / ours, paired[paired.length / 2], target);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String s(long nanos) {
    return String.format("%.2f", nanos / 1e9);
  }

  private static long time(Callable<?> task) throws Exception {
    long start = System.nanoTime();
    task.call();
    return System.nanoTime() - start;
  }

  private static Object exec(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    int code = p.waitFor();
    if (code != 0) {
      throw new IOException(argv.get(0) + " exited " + code + ": " + new String(out));
    }
    return code;
  }

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }

  private static void writeRandom(Path file, long bytes, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom rnd = new SplittableRandom(seed);
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; ) {
        buffer.clear();
        while (buffer.remaining() >= 8) {
          buffer.putLong(rnd.nextLong());
        }
        int n = (int) Math.min(buffer.capacity() - buffer.remaining(), bytes - written);
        out.write(buffer.array(), 0, n);
        written += n;
      }
    }
  }

  /** Deletes the benchmark's own scratch tree (never following a symlink), deepest entries first. */
  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
