package dev.remotegpu.examples.bench;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.net.EmulatedLink;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where one SDK pull over an emulated link spends its time: connect and log in, then every call the sync makes
 * on the remote store (listing, reads, attributes), each with its duration in round trips, printed in order.
 * Usage: {@code PullPhases work=DIR rttMs=80 rate=125000000 fileMiB=64}.
 */
public final class PullPhases {
  private PullPhases() {}

  /** Runs one instrumented pull and prints its phases. */
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> o = new java.util.HashMap<>(java.util.Map.of("work", "target", "rttMs", "80",
        "rate", "125000000", "fileMiB", "64"));
    for (String a : args) {
      o.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    Path data = Files.createTempDirectory(Files.createDirectories(Path.of(o.get("work")).toAbsolutePath()),
        "phases-");
    long mib = Long.parseLong(o.get("fileMiB"));
    Path remoteRoot = data.resolve("remote");
    Path weights = remoteRoot.resolve("active/f/model/weights.bin");
    Files.createDirectories(weights.getParent());
    SplittableRandom rnd = new SplittableRandom(1);
    try (OutputStream out = Files.newOutputStream(weights)) {
      byte[] block = new byte[1 << 20];
      for (long i = 0; i < mib; i++) {
        rnd.nextBytes(block);
        out.write(block);
      }
    }
    CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "f", "bench", Clock.systemUTC());
    Duration rtt = Duration.ofMillis(Long.parseLong(o.get("rttMs")));
    try (OpenSshDaemon sshd = OpenSshDaemon.start();
        EmulatedLink link = EmulatedLink.start(sshd.port(), rtt, Long.parseLong(o.get("rate")))) {
      Path knownHosts = data.resolve("known_hosts");
      Files.writeString(knownHosts, sshd.knownHostsLine().replace("]:" + sshd.port() + " ", "]:" + link.port()
          + " ") + "\n");
      SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", link.port(), sshd.user()))
          .privateKey(sshd.clientKeyFile()).knownHosts(knownHosts).build();
      for (int round = 0; round < Integer.parseInt(o.getOrDefault("pulls", "2")); round++) {
        System.out.printf("--- pull %d of %d MiB at %s (%s)%n", round + 1, mib, rtt, round == 0 ? "cold" : "warm");
        long t0 = System.nanoTime();
        try (SshConnection connection = SshConnector.connect(config)) {
          line("connect + auth", t0, rtt);
          long t1 = System.nanoTime();
          try (CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
            CheckpointStore timed = timed(remote, rtt);
            CheckpointStore local = LocalCheckpointStore.at(data.resolve("local" + round));
            CheckpointSync.builder().build().pull(timed, local, "f");
            line("whole pull after connect", t1, rtt);
          }
        }
        line("total", t0, rtt);
      }
      int pushFiles = Integer.parseInt(o.getOrDefault("pushFiles", "0"));
      if (pushFiles > 0) {
        Path tree = data.resolve("push-source");
        for (int i = 0; i < pushFiles; i++) {
          Path f = tree.resolve(String.format("active/t/shard/f%03d.bin", i));
          Files.createDirectories(f.getParent());
          byte[] block = new byte[64 * 1024];
          rnd.nextBytes(block);
          Files.write(f, block);
        }
        CheckpointSync.seal(LocalCheckpointStore.at(tree), "t", "bench", Clock.systemUTC());
        for (int round = 0; round < 2; round++) {
          try (SshConnection connection = SshConnector.connect(config);
              CheckpointStore remote = SftpCheckpoints.store(connection, data.resolve("pushed" + round).toString())) {
            remote.exists("x");
            java.util.Map<String, long[]> calls = new java.util.TreeMap<>();
            CheckpointStore counted = (CheckpointStore) Proxy.newProxyInstance(PullPhases.class.getClassLoader(),
                new Class<?>[] {CheckpointStore.class}, (proxy, method, a) -> {
                  long start = System.nanoTime();
                  try {
                    return method.invoke(remote, a);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  } finally {
                    if (Boolean.parseBoolean(o.getOrDefault("each", "false"))) {
                      line("    " + method.getName() + (a == null ? "" : Arrays.toString(a)), start, rtt);
                    }
                    long[] c = calls.computeIfAbsent(method.getName(), k -> new long[2]);
                    synchronized (c) {
                      c[0]++;
                      c[1] += System.nanoTime() - start;
                    }
                  }
                });
            long start = System.nanoTime();
            CheckpointSync.builder().build().push(LocalCheckpointStore.at(tree), counted, "t");
            line("push of " + pushFiles + " x 64 KiB files", start, rtt);
            calls.forEach((m, c) -> System.out.printf("  %-20s %4d calls, %6.1f RTT each%n", m, c[0],
                c[1] / (double) c[0] / rtt.toNanos()));
          }
        }
      }
      long bytes = mib << 20;
      for (int channels : Boolean.parseBoolean(o.getOrDefault("rawReads", "true")) ? new int[] {1, 2, 4, 1, 2, 4}
          : new int[0]) {
        boolean separate = Boolean.parseBoolean(o.getOrDefault("connections", "false"));
        try (SshConnection connection = SshConnector.connect(config)) {
          CheckpointStore[] stores = new CheckpointStore[channels];
          for (int c = 0; c < channels; c++) {
            stores[c] = SftpCheckpoints.store(separate && c > 0 ? SshConnector.connect(config) : connection,
                remoteRoot.toString());
            stores[c].exists("export");
          }
          long start = System.nanoTime();
          Thread[] threads = new Thread[channels];
          for (int c = 0; c < channels; c++) {
            long from = bytes * c / channels;
            long to = bytes * (c + 1) / channels;
            CheckpointStore s = stores[c];
            threads[c] = new Thread(() -> {
              try (InputStream in = s.open("export/f/model/weights.bin", from)) {
                byte[] buf = new byte[1 << 16];
                for (long left = to - from; left > 0; ) {
                  int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                  if (n < 0) {
                    throw new IOException("early end");
                  }
                  left -= n;
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
            threads[c].start();
          }
          for (Thread t : threads) {
            t.join();
          }
          long ns = System.nanoTime() - start;
          System.out.printf("raw read of %d MiB over %d " + (separate ? "connection" : "channel") + "(s): %.2f s = %.1f MB/s%n", mib, channels, ns / 1e9,
              bytes / (ns / 1e9) / 1e6);
          for (CheckpointStore s : stores) {
            s.close();
          }
        }
      }
    } finally {
      try (var walk = Files.walk(data)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void line(String what, long since, Duration rtt) {
    long ns = System.nanoTime() - since;
    System.out.printf("%-60s %8.1f ms = %5.1f RTT%n", what, ns / 1e6, ns / (double) rtt.toNanos());
  }

  private static CheckpointStore timed(CheckpointStore store, Duration rtt) {
    return (CheckpointStore) Proxy.newProxyInstance(PullPhases.class.getClassLoader(),
        new Class<?>[] {CheckpointStore.class}, (proxy, method, a) -> {
          long start = System.nanoTime();
          try {
            Object result = method.invoke(store, a);
            String what = method.getName() + (a == null ? "" : Arrays.toString(a));
            if (result instanceof InputStream in) {
              line("  " + what + " (open)", start, rtt);
              return new FilterInputStream(in) {
                long first = -1;
                final long[] perHalfSecond = new long[600];

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                  int n = super.read(b, off, len);
                  if (first < 0) {
                    first = System.nanoTime();
                    line("    first byte of " + what + " at epoch ms " + System.currentTimeMillis(), start, rtt);
                  }
                  if (n > 0) {
                    perHalfSecond[(int) Math.min(599, (System.nanoTime() - first) / 500_000_000L)] += n;
                  }
                  return n;
                }

                @Override
                public void close() throws IOException {
                  line("    last byte of " + what, start, rtt);
                  StringBuilder curve = new StringBuilder("    MB/s per half second:");
                  for (int i = 0; i < perHalfSecond.length && perHalfSecond[i] > 0; i++) {
                    curve.append(' ').append(Math.round(perHalfSecond[i] * 2 / 1e6));
                  }
                  System.out.println(curve);
                  long c = System.nanoTime();
                  super.close();
                  line("    close of " + what, c, rtt);
                }
              };
            }
            line("  " + what, start, rtt);
            return result;
          } catch (InvocationTargetException e) {
            line("  " + method.getName() + " failed: " + e.getCause(), start, rtt);
            throw e.getCause();
          }
        });
  }
}
