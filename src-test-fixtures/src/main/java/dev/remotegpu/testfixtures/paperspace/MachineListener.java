package dev.remotegpu.testfixtures.paperspace;

/**
 * Told about every state change of a simulated machine. States are the API's words ({@code provisioning},
 * {@code starting}, {@code serviceready}, {@code ready}, {@code stopping}, {@code off}, {@code restarting},
 * {@code upgrading}) plus {@code deleted} when the machine leaves the account.
 *
 * <p>Called on the thread that moved the simulation (an HTTP worker, or the thread that advanced the
 * {@link dev.remotegpu.testfixtures.SimulatedClock}), after the simulator's lock is released, in the order the
 * changes happened. Listeners must be quick and must not throw.
 */
@FunctionalInterface
public interface MachineListener {

  /**
   * One transition.
   *
   * @param machineId the machine's id
   * @param fromState the state it left
   * @param toState the state it entered
   * @param reason why: {@code create}, {@code api-start}, {@code api-stop}, {@code api-restart},
   *     {@code api-update}, {@code api-delete}, {@code auto-shutdown}, {@code capacity-error}, or the reason given to
   *     {@link SimulatedAccount#powerOff(String, String)} / {@link SimulatedAccount#powerOn(String)}
   */
  void onTransition(String machineId, String fromState, String toState, String reason);
}
