package dev.remotegpu.examples.architecture.bites.reach;

import dev.remotegpu.core.checkpoint.internal.PathRules;

/** Reaches into core's internal package from another module: the rule must report it. */
public final class Reacher {
  private Reacher() {}

  /** Uses core's internal path rules directly. */
  public static void check(String path) {
    PathRules.checkRelativePath(path);
  }
}
