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
 * Measures an SSH session's round trip with one {@code keepalive@openssh.com} global request that wants a
 * reply: every server answers it (success or failure) at once, without opening a channel or touching a disk.
 * The request is sent without waiting for its reply, so the measurement travels alongside whatever the caller
 * sends next (the SFTP channel's open) instead of costing a round trip of its own.
 */
final class RoundTrip {
  private static final String REQUEST = "keepalive@openssh.com";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final ClientSession session;
  private final CompletableFuture<Duration> reply = new CompletableFuture<>();

  private RoundTrip(ClientSession session) {
    this.session = session;
  }

  /** Sends the request now; {@link #result} waits for its reply. */
  static RoundTrip start(ClientSession session) {
    RoundTrip trip = new RoundTrip(session);
    Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
    request.putString(REQUEST);
    request.putBoolean(true);
    long start = System.nanoTime();
    try {
      // OpenSSH answers this request with a failure, MINA with a success: either is a full round trip.
      session.request(request, REQUEST, (command, answer) -> trip.reply.complete(elapsed(start)))
          .addListener(sent -> {
            if (sent.getException() != null) {
              trip.reply.complete(Duration.ZERO); // not sent: no answer will come
            }
          });
    } catch (IOException | RuntimeException e) {
      trip.reply.complete(Duration.ZERO); // the session broke: the channel's open will say so
    }
    return trip;
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
      return reply.getNow(Duration.ZERO);
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
