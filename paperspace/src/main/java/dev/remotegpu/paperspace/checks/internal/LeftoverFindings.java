package dev.remotegpu.paperspace.checks.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import java.util.ArrayList;
import java.util.List;

/** Turns billables left after a teardown into findings of the gotcha each kind maps to (PS1 or PS9). */
public final class LeftoverFindings {

  private LeftoverFindings() {
  }

  /** Findings for the billables whose kind the profile maps to {@code gotchaId} and that still cost money. */
  public static List<Finding> of(PlatformProfile profile, String gotchaId, List<Billable> billables) {
    List<Finding> findings = new ArrayList<>();
    for (Billable billable : billables) {
      if (!profile.gotchaIdFor(billable.kind()).map(gotchaId::equals).orElse(false)
          || (billable.priceKnown() && billable.rate().perHour().isZero())) {
        continue;
      }
      findings.add(new Finding(gotchaId, Severity.CRITICAL,
          describe(billable.kind()) + " " + billable.id() + " still bills "
              + (billable.priceKnown() ? "about " + billable.rate().perMonth().toDisplayString()
                  : "an unknown amount (" + billable.unknownPrice().get() + ")") + " a month.",
          billable.toString(),
          action(billable.kind()) + " once its data is pulled and verified by load and the user approved it"
              + " (Iron Law). " + profile.gotcha(gotchaId).fix()));
    }
    return findings;
  }

  private static String describe(BillableKind kind) {
    return switch (kind) {
      case MACHINE -> "Machine";
      case BLOCK_STORAGE -> "Block storage";
      case PUBLIC_IP -> "Static public IP";
      case DYNAMIC_PUBLIC_IP -> "Dynamic public IP";
      case SHARED_STORAGE -> "Storage";
      case SNAPSHOT -> "Snapshot";
      case CUSTOM_TEMPLATE -> "Custom template";
    };
  }

  private static String action(BillableKind kind) {
    return switch (kind) {
      case MACHINE -> "Destroy the machine";
      case BLOCK_STORAGE, SHARED_STORAGE -> "Delete the storage";
      case PUBLIC_IP -> "Release the static IP";
      case DYNAMIC_PUBLIC_IP -> "Stop the machine (the platform releases its dynamic IP at power-off)";
      case SNAPSHOT -> "Delete the snapshot";
      case CUSTOM_TEMPLATE -> "Delete the template";
    };
  }
}
