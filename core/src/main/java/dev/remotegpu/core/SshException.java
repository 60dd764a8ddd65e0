package dev.remotegpu.core;

/**
 * An SSH connection, authentication, host-key check or remote command failed on the named host.
 */
public class SshException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  public SshException(String message) {
    super(message, null, null, true, null);
  }

  public SshException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  public SshException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
