package dev.remotegpu.core.remote;

import dev.remotegpu.core.Machine;

/**
 * How the SDK reaches a running machine's shell and files (SSH, for example). Implementations live in
 * transport modules, for example {@code dev.remotegpu.ssh.SshRemoteAccess}.
 */
@FunctionalInterface
public interface RemoteAccess {

  /**
   * Opens a session to a machine in state READY, resolving its address now (a dynamic IP changes on every
   * start).
   *
   * @throws dev.remotegpu.core.SshException when the machine cannot be reached or refuses the credentials
   */
  RemoteSession open(Machine machine);
}
