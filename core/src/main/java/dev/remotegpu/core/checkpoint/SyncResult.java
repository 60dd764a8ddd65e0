package dev.remotegpu.core.checkpoint;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pull or push did.
 *
 * @param checkpointId the bundle
 * @param filesTotal files in its manifest
 * @param filesSent files that had bytes sent in this sync
 * @param filesSkipped files already complete at the target (not sent)
 * @param bytesTotal bytes in its manifest
 * @param bytesSent bytes sent over the wire in this sync
 * @param bytesResumed bytes kept from earlier cut transfers (not sent again)
 * @param elapsed wall time of the sync
 * @param upToDate true when the target already had this exact bundle published and nothing was sent
 * @param verified the verification record written by a pull, empty for a push
 */
public record SyncResult(String checkpointId, long filesTotal, long filesSent, long filesSkipped, long bytesTotal,
    long bytesSent, long bytesResumed, Duration elapsed, boolean upToDate, Optional<PullVerified> verified) {
  /** Checks the fields. */
  public SyncResult {
    Objects.requireNonNull(checkpointId, "checkpointId");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(verified, "verified");
  }
}
