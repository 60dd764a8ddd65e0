package dev.remotegpu.ssh;

import dev.remotegpu.core.SshException;

/**
 * The server presented a host key that differs from the one recorded for it in known_hosts. The SDK
 * always refuses such a connection: it may be a man-in-the-middle, or the machine was re-created and got
 * a new key. Never {@linkplain #retryable() retryable}. Check the machine, then remove its old line from known_hosts (for example with
 * {@code ssh-keygen -R '[host]:port'}) and connect with {@code acceptNewHostKeys(true)}.
 */
public class HostKeyMismatchException extends SshException {
  private static final long serialVersionUID = 1L;

  /** A mismatch on {@code host}, explained by {@code message}. Not retryable: a person must check the host. */
  public HostKeyMismatchException(String message, String host) {
    super(message, host, null, false, null);
  }
}
