package dev.remotegpu.core.profile;

import java.util.List;

/**
 * A pure function from something a program observed (a plan, a path, command output) to the findings
 * of one gotcha. Implementations never return null, never do I/O, and treat empty input as "no finding".
 *
 * @param <T> the observation it reads
 */
public interface Check<T> {

  /** The id of the gotcha this check looks for, for example "GEN6". */
  String gotchaId();

  /**
   * The findings in {@code observation}; empty when nothing is wrong or there is nothing to judge.
   *
   * @throws IllegalArgumentException when the observation is malformed, naming the bad input
   */
  List<Finding> check(T observation);
}
