package dev.remotegpu.examples.architecture.bites.cycle.right;

import dev.remotegpu.examples.architecture.bites.cycle.left.Left;

/** The other half of the deliberate package cycle: right uses left. */
public final class Right {
  /** Reaches back to left. */
  public Object back() {
    return Left.right();
  }
}
