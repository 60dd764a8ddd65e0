package dev.remotegpu.paperspace.checks;

/**
 * The account's free-tier use when a program wants to start one more free notebook, for the PS8 check.
 *
 * @param runningFreeNotebooks free notebooks already running
 * @param projects projects the account holds, counting the one the notebook goes into
 */
public record FreeNotebookStart(int runningFreeNotebooks, int projects) {

  public FreeNotebookStart {
    if (runningFreeNotebooks < 0) {
      throw new IllegalArgumentException("runningFreeNotebooks must not be negative: " + runningFreeNotebooks);
    }
    if (projects < 0) {
      throw new IllegalArgumentException("projects must not be negative: " + projects);
    }
  }
}
