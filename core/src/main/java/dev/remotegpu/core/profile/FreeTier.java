package dev.remotegpu.core.profile;

import java.util.List;
import java.util.Objects;

/**
 * The limits of a platform's free offering.
 *
 * @param maxRunningNotebooks how many free notebooks can run at once
 * @param maxProjects how many projects a free account can hold
 * @param storageGb the free persistent storage allowance, in GB
 * @param notebooksPublicByDefault whether free notebooks (and their code) are public
 * @param queuedForCapacity whether a free start waits in a queue for a pooled free machine
 * @param notes further documented facts (paid plan allowances, how to skip the queue ...)
 */
public record FreeTier(
    int maxRunningNotebooks,
    int maxProjects,
    long storageGb,
    boolean notebooksPublicByDefault,
    boolean queuedForCapacity,
    List<String> notes) {

  public FreeTier {
    if (maxRunningNotebooks < 0 || maxProjects < 0 || storageGb < 0) {
      throw new IllegalArgumentException("free tier limits must not be negative");
    }
    notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
  }

  /** The free storage allowance in bytes (decimal GB, 10^9 bytes, as platforms price storage). */
  public long storageBytes() {
    return storageGb * 1_000_000_000L;
  }
}
