package dev.remotegpu.core.launch;

import dev.remotegpu.core.LaunchCandidate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One machine the SDK intended to create: its unique name, where, when, and the id once known.
 *
 * @param runId the run the machine was launched for
 * @param machineName the unique name written before the create call
 * @param candidate the machine type and region of that create
 * @param machineId the platform id, once the create answered or the name was found in the account
 * @param recordedAt when the intent was recorded
 */
public record LedgerEntry(String runId, String machineName, LaunchCandidate candidate,
    Optional<String> machineId, Instant recordedAt) {
  public LedgerEntry {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(machineName, "machineName");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
