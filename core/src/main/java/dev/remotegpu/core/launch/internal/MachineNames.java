package dev.remotegpu.core.launch.internal;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

/** Unique machine names of the form {@code rgpu-<run>-<8 random base-36 characters>}. */
public final class MachineNames {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  private MachineNames() {
  }

  /** A new unique name for a machine of run {@code runId}; the run id is reduced to [a-z0-9-], 24 chars. */
  public static String unique(String runId) {
    Objects.requireNonNull(runId, "runId");
    String run = runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (run.length() > 24) {
      run = run.substring(0, 24);
    }
    if (run.isEmpty()) {
      run = "run";
    }
    StringBuilder name = new StringBuilder("rgpu-").append(run).append('-');
    for (int i = 0; i < 8; i++) {
      name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }
}
