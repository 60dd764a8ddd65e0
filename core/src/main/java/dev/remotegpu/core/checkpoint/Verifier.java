package dev.remotegpu.core.checkpoint;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The host program's verify-by-load hook: after sizes and digests match, each pulled file it
 * {@linkplain #appliesTo applies to} is handed over to be loaded (for example {@code torch.load} in a
 * subprocess). {@code PULL_VERIFIED.json} is written only if every verdict accepts. Called on the sync's
 * threads, one file at a time.
 */
@FunctionalInterface
public interface Verifier {
  /** Accepts every file without loading it: size and digest checks only. Not evidence for the teardown gate. */
  Verifier NONE = file -> Verdict.accept();

  /** Loads or inspects one local file and says whether it is a usable checkpoint. */
  Verdict verify(Path file);

  /** Whether a bundle-relative path is a checkpoint this verifier loads; the default is every file. */
  default boolean appliesTo(String bundlePath) {
    return true;
  }

  /**
   * The outcome of one load.
   *
   * @param accepted whether the file loaded as a usable checkpoint
   * @param reason why it was rejected, or empty when accepted
   */
  record Verdict(boolean accepted, String reason) {
    /** Checks the fields. */
    public Verdict {
      Objects.requireNonNull(reason, "reason");
    }

    /** The file loaded. */
    public static Verdict accept() {
      return new Verdict(true, "");
    }

    /** The file did not load; the reason is reported. */
    public static Verdict reject(String reason) {
      return new Verdict(false, reason);
    }
  }
}
