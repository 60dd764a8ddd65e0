package dev.remotegpu.examples.cli;

/**
 * The exit codes of the {@code remotegpu} command, the same for every subcommand, so scripts can rely on them.
 */
final class ExitCodes {
  /** It did what was asked (for {@code down}: every planned step ran and what still bills is what was planned). */
  static final int OK = 0;
  /** It failed: a job that did not finish, a failed step, a re-audit that differs from the plan, a failed check. */
  static final int FAILED = 1;
  /** The command line was wrong (picocli's usage error). */
  static final int USAGE = 2;
  /** An irreversible step was refused (not approved, or no verified pull: the Iron Law); it still bills. */
  static final int REFUSED = 3;
  /** The input was wrong: a task file, a run directory, a missing key or SSH key. Nothing was spent. */
  static final int CONFIG = 4;
  /** The platform said no or could not be reached: authentication, account standing, the network. */
  static final int PLATFORM = 5;

  /** The table printed under every command's help. */
  static final String TABLE = """
      Exit codes:
        0  done (down: every step ran; what still bills is what the plan said)
        1  failed: the job, a step, a re-audit unlike the plan, a failed check
        2  usage: the command line was wrong
        3  refused: an irreversible step unapproved or without verified pull
        4  input: bad task file or run directory, no API or SSH key; no spend
        5  platform: the API refused (key, account standing) or is unreachable""";

  private ExitCodes() {
  }
}
