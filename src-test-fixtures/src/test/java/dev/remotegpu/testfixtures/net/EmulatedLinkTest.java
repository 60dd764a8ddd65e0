package dev.remotegpu.testfixtures.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The link's three properties, with bounds broad enough for a loaded 2-core machine: lower bounds on time are
 * exact physics (a delayed or capped link cannot be faster), upper bounds are generous.
 */
class EmulatedLinkTest {

  @Test
  void aWindowLimitedSenderMovesAtMostWindowPerRoundTrip() throws Exception {
    int window = 64 * 1024;
    int rounds = 6;
    Duration rtt = Duration.ofMillis(60);
    // The far end acknowledges every full window with one byte: a sender that waits for the acknowledgement
    // before the next window is exactly an SSH channel whose window is `window`.
    try (ServerSocket far = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        EmulatedLink link = EmulatedLink.start(far.getLocalPort(), rtt, 50_000_000)) {
      Thread acker = daemon(() -> {
        try (Socket s = far.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          byte[] buffer = new byte[window];
          for (int r = 0; r < rounds; r++) {
            in.readNBytes(buffer, 0, window);
            out.write(1);
            out.flush();
          }
        }
        return null;
      });
      long start;
      long elapsed;
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
        s.setTcpNoDelay(true);
        byte[] data = new byte[window];
        start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          s.getOutputStream().write(data);
          assertThat(s.getInputStream().read()).isEqualTo(1);
        }
        elapsed = System.nanoTime() - start;
      }
      acker.join(5_000);

      double seconds = elapsed / 1e9;
      double rate = (double) window * rounds / seconds;
      double windowOverRtt = window / (rtt.toNanos() / 1e9);
      // window / RTT is the ceiling (plus the serialization time of one window at 50 MB/s, 1.3 ms per round).
      assertThat(rate).isLessThanOrEqualTo(windowOverRtt * 1.02).isGreaterThan(windowOverRtt * 0.3);
      assertThat(seconds).isGreaterThanOrEqualTo(rounds * 0.060 * 0.98);
    }
  }

  @Test
  void eachDirectionIsCappedAtItsRate() throws Exception {
    long rate = 40_000_000;
    int bytes = 8_000_000;
    try (ServerSocket far = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        EmulatedLink link = EmulatedLink.start(far.getLocalPort(), Duration.ofMillis(10), rate)) {
      AtomicLong received = new AtomicLong();
      Thread sink = daemon(() -> {
        try (Socket s = far.accept()) {
          received.set(s.getInputStream().transferTo(OutputStream.nullOutputStream()));
        }
        return null;
      });
      long start = System.nanoTime();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
        s.getOutputStream().write(new byte[bytes]);
        s.shutdownOutput();
        sink.join(30_000);
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(received.get()).isEqualTo(bytes);
      // 8 MB at 40 MB/s: 0.2 s, plus 5 ms of one-way delay.
      assertThat(seconds).isGreaterThanOrEqualTo(0.2 * 0.97).isLessThan(0.2 * 10);
    }
  }

  @Test
  void aFullQueuePushesBackOnTheSenderInsteadOfBufferingWithoutLimit() throws Exception {
    long rate = 10_000_000;
    long queue = 256 * 1024;
    try (ServerSocket far = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        EmulatedLink link = EmulatedLink.start(far.getLocalPort(), Duration.ofMillis(40), rate, queue)) {
      AtomicLong written = new AtomicLong();
      Thread sink = daemon(() -> {
        try (Socket s = far.accept()) {
          s.getInputStream().transferTo(OutputStream.nullOutputStream());
        }
        return null;
      });
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
        Thread writer = daemon(() -> {
          byte[] chunk = new byte[64 * 1024];
          OutputStream out = s.getOutputStream();
          for (int i = 0; i < 4096; i++) { // 256 MiB: loopback would take it in well under a second
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
          return null;
        });
        long start = System.nanoTime();
        Thread.sleep(1000);
        double seconds = (System.nanoTime() - start) / 1e9;

        // The sender is paced by the link: it wrote what 10 MB/s carries plus what the kernel's socket buffers
        // took (a few MiB), not the 256 MiB that an unbounded forwarder would have swallowed.
        assertThat(written.get()).isLessThan((long) (rate * seconds) + (48L << 20));
        assertThat(writer.isAlive()).isTrue();
        // queue + 20 ms on the wire + one read (up to the queue): 0.7 MB by design; a forwarding thread late on a
        // busy machine holds chunks a little past their time, hence the factor.
        assertThat(link.maxBufferedBytesPerDirection()).isEqualTo(queue + rate / 50 + queue);
        assertThat(link.peakBufferedBytes()).isLessThan(4 * link.maxBufferedBytesPerDirection());
      }
      sink.join(5_000);
    }
  }

  private interface Body {
    Object run() throws Exception;
  }

  private static Thread daemon(Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Exception e) {
        // the test's assertions report what went wrong
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
