package dev.remotegpu.core;

import java.time.Instant;
import java.util.Optional;

/**
 * The narrow, read-only view of one account that the layers below {@code Platform} need: which account it is,
 * one machine by id, and when a machine last powered on. {@code dev.remotegpu.core.platform.Platform} extends it,
 * so a platform is passed wherever an account view is asked for (Iron Law evidence reads only this).
 */
public interface AccountView {

  /**
   * Names the account, so evidence made on one account is refused on another: a fingerprint, never a credential.
   */
  String accountKey();

  /**
   * One machine by id.
   *
   * @throws NotFoundException when there is no such machine
   */
  Machine machine(String id);

  /**
   * When the machine last powered on (create, start or restart), from the platform's event history; empty when the
   * platform cannot tell.
   */
  Optional<Instant> lastPoweredOn(String machineId);
}
