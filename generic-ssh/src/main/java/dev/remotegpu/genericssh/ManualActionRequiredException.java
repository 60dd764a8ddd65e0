package dev.remotegpu.genericssh;

import dev.remotegpu.core.RemoteGpuException;

/**
 * What the SDK cannot do on a box you own, said as what you must do: start or stop it in your provider's console,
 * or confirm a manual teardown step. Names the box and the gotcha (GEN1, GEN6).
 */
public final class ManualActionRequiredException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what you must do, and why
   * @param boxName the box it concerns
   * @param gotchaId the gotcha that explains it
   * @param retryable whether calling again after doing it may succeed
   */
  public ManualActionRequiredException(String message, String boxName, String gotchaId, boolean retryable) {
    super(message, boxName, gotchaId, retryable, null);
  }
}
