package dev.remotegpu.core.job;

import dev.remotegpu.core.profile.Finding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link JobSupervisor} run ended.
 *
 * @param job the last launch of the job
 * @param finalStatus EXITED when the job ended on its own; otherwise the last status read
 * @param launches how many times the job was started (1 when it never had to be relaunched)
 * @param findings every finding of the vanish diagnoses, in order
 * @param gaveUpReason why supervision stopped without the job exiting; empty when it exited
 */
public record SupervisionResult(
    DetachedJob job, JobStatus finalStatus, int launches, List<Finding> findings, Optional<String> gaveUpReason) {

  public SupervisionResult {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(finalStatus, "finalStatus");
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
    Objects.requireNonNull(gaveUpReason, "gaveUpReason");
    if (launches < 1) {
      throw new IllegalArgumentException("launches must be at least 1: " + launches);
    }
  }

  /** Whether the job ended with exit code 0. */
  public boolean succeeded() {
    return finalStatus.exitCode().orElse(-1) == 0;
  }
}
