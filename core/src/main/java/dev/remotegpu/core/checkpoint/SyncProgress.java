package dev.remotegpu.core.checkpoint;

/**
 * A snapshot of a running sync.
 *
 * @param checkpointId the bundle being synced
 * @param filesDone files finished or skipped so far
 * @param filesTotal files in the manifest
 * @param bytesDone bytes present at the target so far (sent, resumed or unchanged)
 * @param bytesTotal bytes in the manifest
 * @param bytesSent bytes sent over the wire in this sync
 * @param bytesPerSecond the rate of {@code bytesSent} since the sync started
 */
public record SyncProgress(String checkpointId, long filesDone, long filesTotal, long bytesDone, long bytesTotal,
    long bytesSent, double bytesPerSecond) {}
