package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Measures an SSH session's round trip with one {@code keepalive@openssh.com} global request that wants a
 * reply: every server answers it (success or failure) at once, without opening a channel or touching a disk.
 */
final class RoundTrip {
  private static final String REQUEST = "keepalive@openssh.com";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private RoundTrip() {}

  /** The time of one request and its reply; the loopback-like zero when the server does not answer in time. */
  static Duration measure(ClientSession session) {
    Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 16);
    request.putString(REQUEST);
    request.putBoolean(true);
    long start = System.nanoTime();
    try {
      session.request(REQUEST, request, WAIT);
    } catch (java.net.SocketTimeoutException e) {
      return Duration.ZERO; // no answer: keep the defaults, which work on any link
    } catch (IOException | RuntimeException e) {
      // OpenSSH answers this request with a failure, which MINA raises: still a full round trip, unless the
      // session itself broke.
      return session.isOpen() ? elapsed(start) : Duration.ZERO;
    }
    return elapsed(start);
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
