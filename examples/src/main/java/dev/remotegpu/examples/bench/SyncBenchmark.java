package dev.remotegpu.examples.bench;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.net.EmulatedLink;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Benchmarks checkpoint pulls over SFTP against OpenSSH's tools, side by side in one run, on one private sshd
 * started by the test fixtures' {@link OpenSshDaemon}: on loopback, then through an {@link EmulatedLink} of
 * each configured round trip and rate (the same proxy and daemon for every tool). Per link: one big file (SDK,
 * {@code scp}, {@code scp -c aes128-gcm@openssh.com}, {@code sftp -R 64}, {@code rsync -a}, and the SDK's raw
 * SFTP copy without manifest, plain and with SHA-256 while receiving: the hash's cost is the verification
 * overhead, the pull's time over the hashed copy its protocol overhead), a tree of 5 MiB
 * files (SDK, {@code rsync -a}), an unchanged re-sync (SDK, {@code rsync -a}) and, when asked, pushes of the big
 * file (SDK's {@code CheckpointSync.push}, {@code scp} and {@code rsync -a} uploads) and of the tree. Tools run
 * interleaved within each round; medians of the rounds. On long links OpenSSH's tools are bound by their 2 MiB
 * channel window (window / RTT, the same every round), so there they run in fewer rounds than the SDK: the
 * cut is printed and each such row says how many rounds it had. Raw TCP through each link is measured first.
 * Ends with a 1 GiB pull in a child JVM with {@code -Xmx64m}, on loopback and through the longest link (where the
 * window, the reads in flight and the streams are largest), and the run's total wall time. Prints markdown
 * tables.
 *
 * <p>Arguments, all optional, as {@code key=value}: {@code work=target} (scratch parent, deleted at the end),
 * {@code rounds=3}, {@code rttMs=0,20,80}, {@code rate=125000000} (bytes per second, each direction),
 * {@code fileMiB=1024,1024,1024} and {@code treeFiles=200,200,200} (per link, in the order of {@code rttMs}),
 * {@code push=file} (what to push too: {@code file}, {@code tree}, {@code file,tree} or {@code none}),
 * {@code slowFromMs=50} and {@code slowRounds=1} (on links of that round trip or more, OpenSSH's tools run in
 * the first {@code slowRounds} rounds only; {@code slowRounds=3} runs them in every round), {@code dry=false}
 * ({@code true}: print the plan and its estimated time, run nothing).
 */
public final class SyncBenchmark {
  private static final long MIB = 1L << 20;
  private static final int TREE_FILE_BYTES = 5 << 20;

  private SyncBenchmark() {}

  /** Runs the benchmark, or with {@code --child-pull} one pull for the small-heap check. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child-pull")) {
      childPull(args);
      return;
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String kv : List.of("work=target", "rounds=3", "rttMs=0,20,80", "rate=125000000", "fileMiB=1024,1024,1024",
        "treeFiles=200,200,200", "push=file", "slowFromMs=50", "slowRounds=1", "dry=false")) {
      options.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0 || !options.containsKey(arg.substring(0, eq))) {
        throw new IllegalArgumentException("unknown argument " + arg + "; known: " + options.keySet());
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    boolean[] push = SyncBenchmarkPlan.pushes(options.get("push"));
    SyncBenchmarkPlan plan = new SyncBenchmarkPlan(Integer.parseInt(options.get("rounds")),
        ints(options.get("rttMs")), Long.parseLong(options.get("rate")), ints(options.get("fileMiB")),
        ints(options.get("treeFiles")), push[0], push[1], Integer.parseInt(options.get("slowFromMs")),
        Integer.parseInt(options.get("slowRounds")));
    plan.print();
    if (Boolean.parseBoolean(options.get("dry"))) {
      return;
    }
    long start = System.nanoTime();
    Path work = Path.of(options.get("work")).toAbsolutePath();
    Files.createDirectories(work);
    Path data = Files.createTempDirectory(work, "sync-bench-");
    try {
      new Run(data, plan).run();
    } finally {
      deleteTree(data);
    }
    long seconds = Math.round((System.nanoTime() - start) / 1e9);
    System.out.printf("%ntotal wall time: %d min %02d s (estimated %s)%n", seconds / 60, seconds % 60,
        plan.estimate());
  }

  /** One benchmark run: its settings, the daemon and the results table. */
  private static final class Run {
    private final Path data;
    private final SyncBenchmarkPlan plan;
    private final int rounds;
    private final int[] rttMs;
    private final long rate;
    private final int[] fileMiB;
    private final int[] treeFiles;
    private final Path remoteRoot;
    private final List<String> rows = new ArrayList<>();
    /** CPU seconds of the thread running each raw copy, by hashing mode: what the hash costs, whatever the load. */
    private final Map<HashingCopy, List<Long>> copyCpu = new java.util.EnumMap<>(HashingCopy.class);
    private OpenSshDaemon sshd;

    Run(Path data, SyncBenchmarkPlan plan) {
      this.data = data;
      this.plan = plan;
      this.rounds = plan.rounds();
      this.rttMs = plan.rttMs();
      this.rate = plan.rate();
      this.fileMiB = plan.fileMiB();
      this.treeFiles = plan.treeFiles();
      this.remoteRoot = data.resolve("remote");
    }

    void run() throws Exception {
      System.out.printf("remotegpu checkpoint sync benchmark: %d rounds, interleaved, medians; JVM %s, %d cpus,"
          + " load average %.1f%n", rounds, System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), loadAverage());
      CheckpointStore remoteLocal = LocalCheckpointStore.at(remoteRoot);
      for (int mib : Arrays.stream(fileMiB).distinct().toArray()) {
        System.out.printf("writing and sealing a %d MiB file ...%n", mib);
        writeRandom(remoteRoot.resolve("active/file" + mib + "/model/weights.bin"), mib * MIB, mib);
        CheckpointSync.seal(remoteLocal, "file" + mib, "bench", Clock.systemUTC());
      }
      int maxTree = Arrays.stream(treeFiles).max().orElse(0);
      for (int n : Arrays.stream(treeFiles).distinct().toArray()) {
        System.out.printf("writing and sealing a %d x 5 MiB tree ...%n", n);
        for (int i = 0; i < n; i++) {
          writeRandom(remoteRoot.resolve(String.format("active/tree%d/shard/f%03d.bin", n, i)), TREE_FILE_BYTES,
              100 + i);
        }
        CheckpointSync.seal(remoteLocal, "tree" + n, "bench", Clock.systemUTC());
      }
      List<String> raw = new ArrayList<>();
      try (OpenSshDaemon daemon = OpenSshDaemon.start()) {
        sshd = daemon;
        for (int i = 0; i < rttMs.length; i++) {
          if (rttMs[i] == 0) {
            scenario("loopback", sshd.port(), 0, 0, fileMiB[i], treeFiles[i]);
            continue;
          }
          Duration rtt = Duration.ofMillis(rttMs[i]);
          raw.add(String.format("raw TCP through the %d ms link: %.1f MB/s of %.1f MB/s", rttMs[i],
              rawTcp(rtt) / 1e6, rate / 1e6));
          System.out.println(raw.get(raw.size() - 1));
          try (EmulatedLink link = EmulatedLink.start(sshd.port(), rtt, rate)) {
            scenario(rttMs[i] + " ms, " + Math.round(rate * 8 / 1e6) + " Mbit/s", link.port(), rttMs[i], rate,
                fileMiB[i], treeFiles[i]);
          }
        }
        System.out.println();
        System.out.println("| link | what | tool | median s | MB/s | of link | tool time / SDK time |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        raw.forEach(line -> System.out.println("- " + line));
        System.out.println();
        if (maxTree > 0) {
          smallHeapPull("loopback", sshd.port());
          int longest = Arrays.stream(rttMs).max().orElse(0);
          if (longest > 0) {
            try (EmulatedLink link = EmulatedLink.start(sshd.port(), Duration.ofMillis(longest), rate)) {
              smallHeapPull("the " + longest + " ms link (window, reads and streams sized to it)", link.port());
            }
          }
        }
      }
    }

    /** Every measurement on one link: tools interleaved within each round. */
    private void scenario(String name, int port, int rtt, long linkRate, int mib, int files) throws Exception {
      System.out.printf("%n== %s: %d MiB file, %d x 5 MiB tree, %d rounds%n", name, mib, files, rounds);
      Path knownHosts = knownHostsFor(port);
      SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", port, sshd.user()))
          .privateKey(sshd.clientKeyFile()).knownHosts(knownHosts).build();
      String target = sshd.user() + "@127.0.0.1";
      List<String> options = List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
          "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-i", sshd.clientKeyFile().toString());
      List<String> scp = concat(List.of("scp", "-q", "-P", Integer.toString(port)), options);
      List<String> scpAes = concat(List.of("scp", "-q", "-c", "aes128-gcm@openssh.com", "-P",
          Integer.toString(port)), options);
      List<String> sftp = concat(List.of("sftp", "-q", "-R", "64", "-P", Integer.toString(port)), options);
      String rsh = String.join(" ", concat(List.of("ssh", "-p", Integer.toString(port)), options));
      String file = remoteRoot.resolve("export/file" + mib + "/model/weights.bin").toString();
      String tree = remoteRoot.resolve("export/tree" + files).toString();
      long fileBytes = mib * MIB;
      long treeBytes = (long) files * TREE_FILE_BYTES;
      // Warm-up, not timed: the JIT and this link's first connection.
      pull(config, data.resolve("warm"), "tree" + files);
      deleteTree(data.resolve("warm"));

      Map<String, List<Long>> times = new LinkedHashMap<>();
      copyCpu.clear();
      // rsync's copy of the tree outlives its round, so its unchanged re-sync runs even in rounds without it.
      Path rsyncTree = data.resolve("rsync-tree");
      for (int r = 0; r < rounds; r++) {
        boolean openSsh = r < plan.roundsFor(rtt, true);
        Path out = Files.createDirectories(data.resolve("out"));
        if (openSsh) {
          deleteTree(rsyncTree);
        }
        Map<String, Callable<?>> fileTools = new LinkedHashMap<>();
        fileTools.put("file|SDK", () -> pull(config, out.resolve("sdk"), "file" + mib));
        fileTools.put("file|SDK raw SFTP copy (no hashing)", () -> rawCopy(config, "export/file" + mib
            + "/model/weights.bin", out.resolve("raw.bin"), HashingCopy.NONE));
        fileTools.put("file|SDK raw SFTP copy + SHA-256 while receiving", () -> rawCopy(config, "export/file" + mib
            + "/model/weights.bin", out.resolve("hashed.bin"), HashingCopy.HAND_OFF));
        fileTools.put("file|scp", () -> exec(concat(scp, List.of(target + ":" + file, out + "/scp.bin"))));
        fileTools.put("file|scp -c aes128-gcm", () -> exec(concat(scpAes, List.of(target + ":" + file,
            out + "/aes.bin"))));
        fileTools.put("file|sftp -R 64", () -> exec(concat(sftp, List.of("-b", "-", target)),
            "get " + file + " " + out + "/sftp.bin\n"));
        fileTools.put("file|rsync -a", () -> exec(List.of("rsync", "-a", "-e", rsh, target + ":" + file,
            out + "/rsync.bin")));
        timeInterleaved(fileTools, r, openSsh, times, out);

        Map<String, Callable<?>> treeTools = new LinkedHashMap<>();
        treeTools.put("tree|SDK", () -> pull(config, out.resolve("sdk-tree"), "tree" + files));
        treeTools.put("tree|rsync -a", () -> exec(List.of("rsync", "-a", "-e", rsh, target + ":" + tree + "/",
            rsyncTree + "/")));
        timeInterleaved(treeTools, r, openSsh, times, null);
        // Pushes write beside the pulled tree (which the re-sync below needs) and are deleted after each tool.
        Path pushed = Files.createDirectories(data.resolve("pushed"));
        if (plan.pushFile()) {
          Map<String, Callable<?>> pushTools = new LinkedHashMap<>();
          pushTools.put("push file|SDK", () -> push(config, pushed.resolve("sdk"), "file" + mib));
          pushTools.put("push file|scp", () -> exec(concat(scp, List.of(file, target + ":" + pushed + "/scp.bin"))));
          pushTools.put("push file|rsync -a", () -> exec(List.of("rsync", "-a", "-e", rsh, file,
              target + ":" + pushed + "/rsync.bin")));
          timeInterleaved(pushTools, r, openSsh, times, pushed);
        }
        if (plan.pushTree()) {
          Map<String, Callable<?>> pushTools = new LinkedHashMap<>();
          pushTools.put("push tree|SDK", () -> push(config, pushed.resolve("sdk"), "tree" + files));
          pushTools.put("push tree|rsync -a", () -> exec(List.of("rsync", "-a", "-e", rsh, tree + "/",
              target + ":" + pushed + "/rsync-tree/")));
          timeInterleaved(pushTools, r, openSsh, times, pushed);
        }
        Map<String, Callable<?>> again = new LinkedHashMap<>();
        again.put("re-sync unchanged tree|SDK", () -> {
          SyncResult s = pull(config, out.resolve("sdk-tree"), "tree" + files);
          if (!s.upToDate() || s.bytesSent() != 0) {
            throw new IllegalStateException("re-sync sent bytes: " + s);
          }
          return s;
        });
        again.put("re-sync unchanged tree|rsync -a", () -> exec(List.of("rsync", "-a", "-e", rsh,
            target + ":" + tree + "/", rsyncTree + "/")));
        timeInterleaved(again, r, true, times, null);
        deleteTree(out);
        System.out.printf("round %d:", r + 1);
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
          if (e.getValue().size() > r) {
            System.out.printf(" %s %s;", e.getKey().replace('|', ' '), s(e.getValue().get(r)));
          }
        }
        System.out.println();
      }
      deleteTree(rsyncTree);
      for (Map.Entry<String, List<Long>> e : times.entrySet()) {
        String[] key = e.getKey().split("\\|");
        long bytes = key[0].endsWith("file") ? fileBytes : key[0].endsWith("tree") && !key[0].startsWith("re-sync")
            ? treeBytes : 0;
        long median = median(e.getValue());
        int ran = e.getValue().size();
        long sdk = median(times.get(key[0] + "|SDK"));
        double mbs = bytes / (median / 1e9);
        rows.add(String.format("| %s | %s | %s | %s | %s | %s | %s |", name,
            key[0] + (bytes > 0 ? " (" + (bytes >> 20) + " MiB)" : ""),
            key[1] + (ran < rounds ? " (" + ran + (ran == 1 ? " round)" : " rounds)") : ""), s(median),
            bytes > 0 ? String.format("%.0f", mbs / 1e6) : "-",
            bytes > 0 && linkRate > 0 ? String.format("%.0f %%", 100 * mbs / linkRate) : "-",
            key[1].equals("SDK") ? "1.00" : String.format("%.2fx", (double) median / sdk)));
      }
      long sdk = median(times.get("file|SDK"));
      long rawCopy = median(times.get("file|SDK raw SFTP copy (no hashing)"));
      long hashedCopy = median(times.get("file|SDK raw SFTP copy + SHA-256 while receiving"));
      // What verification adds is the hash computed while the bytes arrive (the benchmark's verifier is NONE);
      // the rest of the gap to the pull is its protocol: manifest, listing, timestamps, atomic publish.
      rows.add(String.format("| %s | verification overhead | SHA-256 while receiving vs raw copy | %+.1f %% | | | |",
          name, 100.0 * (hashedCopy - rawCopy) / rawCopy));
      // The same comparison in CPU seconds of the copying and hashing threads: the hash's own cost, which the
      // machine's load and the server's varying cost per byte (see README) do not move.
      long hashCpu = median(copyCpu.get(HashingCopy.HAND_OFF)) - median(copyCpu.get(HashingCopy.NONE));
      rows.add(String.format("| %s | verification CPU | SHA-256 (CPU s of the copying and hashing threads, hashed -"
          + " raw copy) |"
          + " %s s (%.2f s per GiB; %.1f %% of the raw copy's time) | | | |", name, s(hashCpu),
          hashCpu / 1e9 / (fileBytes / (double) (1L << 30)), 100.0 * hashCpu / rawCopy));
      rows.add(String.format("| %s | pull protocol overhead | SDK pull (manifest, listing, timestamps, publish) vs"
          + " hashed raw copy | %+.1f %% (%s s) | | | |", name, 100.0 * (sdk - hashedCopy) / hashedCopy,
          s(sdk - hashedCopy)));
    }

    /**
     * Times each tool once, starting with a different one every round, OpenSSH's tools only if {@code openSsh};
     * deletes outputs when asked.
     */
    private void timeInterleaved(Map<String, Callable<?>> tools, int round, boolean openSsh,
        Map<String, List<Long>> times, Path clean) throws Exception {
      List<String> order = new ArrayList<>(tools.keySet());
      order.removeIf(key -> !openSsh && !key.contains("|SDK"));
      java.util.Collections.rotate(order, -round);
      for (String key : order) {
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(time(tools.get(key)));
        if (clean != null) {
          deleteTree(clean);
          Files.createDirectories(clean);
        }
      }
    }

    /** What plain TCP moves through a fresh link of this round trip and the configured rate, in bytes/s. */
    private double rawTcp(Duration rtt) throws Exception {
      long bytes = Math.max(64 * MIB, rate * 3);
      try (ServerSocket sink = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
          EmulatedLink link = EmulatedLink.start(sink.getLocalPort(), rtt, rate)) {
        Thread sender = new Thread(() -> {
          try (Socket s = sink.accept(); OutputStream o = s.getOutputStream()) {
            byte[] block = new byte[1 << 20];
            for (long sent = 0; sent < bytes; sent += block.length) {
              o.write(block);
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
        sender.setDaemon(true);
        sender.start();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
          InputStream in = s.getInputStream();
          byte[] buffer = new byte[1 << 20];
          long start = System.nanoTime();
          long got = 0;
          for (int n; (n = in.read(buffer)) > 0; ) {
            got += n;
          }
          return got / ((System.nanoTime() - start) / 1e9);
        }
      }
    }

    /** A known_hosts file naming the daemon's key at {@code port} (the daemon's own, or a link's in front of it). */
    private Path knownHostsFor(int port) throws IOException {
      Path knownHosts = data.resolve("known_hosts-" + port);
      Files.writeString(knownHosts, sshd.knownHostsLine().replace("]:" + sshd.port() + " ", "]:" + port + " ")
          + "\n");
      return knownHosts;
    }

    /** A 1 GiB pull in a child JVM of 64 MiB heap through {@code port}: the reads in flight must fit the heap. */
    private void smallHeapPull(String where, int port) throws Exception {
      int mib = Arrays.stream(fileMiB).max().orElseThrow();
      Path knownHosts = knownHostsFor(port);
      Path child = data.resolve("child");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> argv = List.of(java, "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
          System.getProperty("java.class.path"), SyncBenchmark.class.getName(), "--child-pull",
          Integer.toString(port), sshd.user(), sshd.clientKeyFile().toString(), knownHosts.toString(),
          remoteRoot.toString(), child.toString(), "file" + mib);
      long start = System.nanoTime();
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      out = out.substring(out.lastIndexOf('\n') + 1);
      int code = p.waitFor();
      System.out.printf("child JVM -Xmx64m pull of %d MiB on %s: exit %d in %s s: %s%n", mib, where, code,
          s(System.nanoTime() - start), out);
      deleteTree(child);
    }

    private SyncResult pull(SshConfig config, Path localRoot, String id) throws Exception {
      return SyncBenchmark.pull(config, remoteRoot, localRoot, id);
    }

    /** Pushes bundle {@code id} from the benchmark's sealed data to a remote root, with the plain public API. */
    private SyncResult push(SshConfig config, Path remoteTarget, String id) throws Exception {
      try (SshConnection connection = SshConnector.connect(config);
          CheckpointStore remote = SftpCheckpoints.store(connection, remoteTarget.toString())) {
        return CheckpointSync.builder().build().push(LocalCheckpointStore.at(remoteRoot), remote, id);
      }
    }

    /** The SDK's own SFTP read of one file to disk, without the sync's protocol; hashed as the sync does if asked. */
    private String rawCopy(SshConfig config, String path, Path local, HashingCopy hashing) throws Exception {
      try (SshConnection connection = SshConnector.connect(config);
          CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString());
          InputStream in = remote.open(path, 0)) {
        java.util.concurrent.atomic.AtomicLong hasherCpu = new java.util.concurrent.atomic.AtomicLong();
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        String result = hashing.copy(in, local, hasherCpu);
        copyCpu.computeIfAbsent(hashing, k -> new ArrayList<>()).add(hasherCpu.get()
            + java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu);
        return result;
      }
    }
  }

  private static void childPull(String[] a) throws Exception {
    SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", Integer.parseInt(a[1]), a[2]))
        .privateKey(Path.of(a[3])).knownHosts(Path.of(a[4])).build();
    SyncResult r = pull(config, Path.of(a[5]), Path.of(a[6]), a[7]);
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

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String s(long nanos) {
    return String.format("%.2f", nanos / 1e9);
  }

  /** Times one run of {@code task}, started once the disk has nothing left to write back ({@link #settle}). */
  private static long time(Callable<?> task) throws Exception {
    settle();
    long start = System.nanoTime();
    task.call();
    return System.nanoTime() - start;
  }

  private static Object exec(List<String> argv) throws IOException, InterruptedException {
    return exec(argv, "");
  }

  private static Object exec(List<String> argv, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    int code = p.waitFor();
    if (code != 0) {
      throw new IOException(argv.get(0) + " exited " + code + ": " + new String(out, StandardCharsets.UTF_8));
    }
    return code;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static void writeRandom(Path file, long bytes, long seed) throws IOException {
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
  /**
   * Writes every dirty page to disk ({@code sync}) outside the timed part, so a copy's gigabyte is not written back
   * during the next one: on this machine that writeback moved a loopback copy's median by up to 40 % from run to run.
   */
  static void settle() throws IOException, InterruptedException {
    int exit = new ProcessBuilder("sync").inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IOException("sync exited with " + exit);
    }
  }

  static void deleteTree(Path root) throws IOException {
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
