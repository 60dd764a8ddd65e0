package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Measures an SSH session's round trip with {@code keepalive@openssh.com} global requests that want a reply:
 * every server answers one (success or failure) at once, without opening a channel or touching a disk. The first
 * request is sent without waiting for its reply, so the measurement travels alongside whatever the caller sends
 * next (the SFTP channel's open) instead of costing a round trip of its own; a second one is sent when the first
 * reply comes, and the shorter of the two is the round trip.
 *
 * <p>Why two: OpenSSH's sshd sends with Nagle's algorithm, so a reply that follows a small packet the client has
 * not acknowledged yet (the client's kernel delays its acknowledgements by up to 40 ms) waits for that
 * acknowledgement. One request measured 48-56 ms on loopback (10 of 10 pulls), which tuned loopback as a 50 ms
 * link: reads in flight for 2 Gbit/s at 50 ms, which then waited in sshd and stalled it. The second request carries
 * the acknowledgement of the first reply, so its own reply leaves at once.
 */
final class RoundTrip {
  private static final String REQUEST = "keepalive@openssh.com";
  private static final Duration WAIT = Duration.ofSeconds(15);
  /** Requests sent one after the other; the shortest answer wins. */
  static final int SAMPLES = 2;

  private final ClientSession session;
  private final CompletableFuture<Duration> reply = new CompletableFuture<>();
  private Duration shortest;

  private RoundTrip(ClientSession session) {
    this.session = session;
  }

  /** Sends the first request now; {@link #result} waits for the replies. */
  static RoundTrip start(ClientSession session) {
    RoundTrip trip = new RoundTrip(session);
    trip.send(SAMPLES);
    return trip;
  }

  private void send(int left) {
    Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
    request.putString(REQUEST);
    request.putBoolean(true);
    long start = System.nanoTime();
    try {
      // OpenSSH answers this request with a failure, MINA with a success: either is a full round trip.
      session.request(request, REQUEST, (command, answer) -> answered(elapsed(start), left))
          .addListener(sent -> {
            if (sent.getException() != null) {
              finish(); // not sent: no answer will come
            }
          });
    } catch (IOException | RuntimeException e) {
      finish(); // the session broke: the channel's open will say so
    }
  }

  private void answered(Duration took, int left) {
    synchronized (this) {
      shortest = shortest == null || took.compareTo(shortest) < 0 ? took : shortest;
    }
    if (left > 1) {
      send(left - 1);
    } else {
      finish();
    }
  }

  private synchronized void finish() {
    reply.complete(shortest == null ? Duration.ZERO : shortest);
  }

  /** The measured round trip; the loopback-like zero (the defaults, which work on any link) without an answer. */
  Duration result() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline && session.isOpen()) {
        try {
          return reply.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // still waiting: check the session is alive, then wait on
        }
      }
      synchronized (this) {
        return reply.getNow(shortest == null ? Duration.ZERO : shortest);
      }
    } catch (ExecutionException e) {
      return Duration.ZERO;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Duration.ZERO;
    }
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
