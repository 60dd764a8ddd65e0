package dev.remotegpu.examples.architecture.bites.cycle.left;

import dev.remotegpu.examples.architecture.bites.cycle.right.Right;

/** Half of a deliberate package cycle: left uses right. */
public final class Left {
  /** Reaches right. */
  public static Right right() {
    return new Right();
  }
}
