package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.FreeTier;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** PS10: a free account's {@code /storage} holds 5 GB; an upload that would pass it fails. */
public final class FreeStorageCapCheck implements Check<DatasetUpload> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public FreeStorageCapCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s free-tier allowance. */
  public FreeStorageCapCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS10";
  }

  @Override
  public List<Finding> check(DatasetUpload upload) {
    Objects.requireNonNull(upload, "upload");
    Optional<FreeTier> freeTier = profile.freeTier();
    if (!upload.freeTier() || freeTier.isEmpty()) {
      return List.of();
    }
    BigDecimal total = BigDecimal.valueOf(upload.datasetBytes()).add(BigDecimal.valueOf(upload.storageUsedBytes()));
    long cap = freeTier.get().storageBytes();
    if (total.compareTo(BigDecimal.valueOf(cap)) <= 0) {
      return List.of();
    }
    return List.of(new Finding("PS10", Severity.CRITICAL,
        "The upload would put " + gb(total) + " GB on /storage, over the free " + freeTier.get().storageGb()
            + " GB allowance: it will fail.",
        "datasetBytes=" + upload.datasetBytes() + ", storageUsedBytes=" + upload.storageUsedBytes()
            + ", allowanceBytes=" + cap,
        profile.gotcha("PS10").fix()));
  }

  private static String gb(BigDecimal bytes) {
    return bytes.divide(BigDecimal.valueOf(1_000_000_000L), 2, RoundingMode.HALF_UP).toPlainString();
  }
}
