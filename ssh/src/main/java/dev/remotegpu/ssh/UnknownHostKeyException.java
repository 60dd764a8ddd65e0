package dev.remotegpu.ssh;

import dev.remotegpu.core.SshException;

/**
 * The server's host key is not in known_hosts and accepting new keys was not asked for. Add the key to
 * known_hosts (after checking its fingerprint), or connect with {@code acceptNewHostKeys(true)}.
 */
public class UnknownHostKeyException extends SshException {
  private static final long serialVersionUID = 1L;

  /** An unknown key on {@code host}, explained by {@code message}. Not retryable: the key must be trusted first. */
  public UnknownHostKeyException(String message, String host) {
    super(message, host, null, false, null);
  }
}
