package dev.remotegpu.testfixtures.ssh;

import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;

/**
 * Wires an embedded SSH host to the simulated account it stands in for, so that the host lives and dies with the
 * simulated machine: a machine going off (auto-shutdown, stop, destroy) powers the host off, killing its
 * processes as a real stop would; a machine starting powers it on. It lives beside the host: the simulator's
 * package knows nothing of SSH, so the dependency runs one way.
 */
public final class MachinePower {
  private MachinePower() {
  }

  /** Makes every machine state change of {@code simulator} power {@code host} off or on from now on. */
  public static void follow(PaperspaceSimulator simulator, EmbeddedSshHost host) {
    simulator.addMachineListener((machineId, from, to, reason) -> {
      if (to.equals("off") || to.equals("deleted")) {
        host.powerOff();
      } else if (to.equals("starting")) {
        host.powerOn();
      }
    });
  }
}
