package dev.remotegpu.paperspace.checks;

/**
 * A dataset about to be uploaded to a notebook's {@code /storage}, for the PS10 check.
 *
 * @param datasetBytes the dataset's size
 * @param storageUsedBytes what {@code /storage} already holds
 * @param freeTier whether the account is on the free plan
 */
public record DatasetUpload(long datasetBytes, long storageUsedBytes, boolean freeTier) {

  public DatasetUpload {
    if (datasetBytes < 0) {
      throw new IllegalArgumentException("datasetBytes must not be negative: " + datasetBytes);
    }
    if (storageUsedBytes < 0) {
      throw new IllegalArgumentException("storageUsedBytes must not be negative: " + storageUsedBytes);
    }
  }
}
