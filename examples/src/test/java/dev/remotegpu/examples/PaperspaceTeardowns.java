package dev.remotegpu.examples;

import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownProgress;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.paperspace.internal.PaperspaceBillables;
import dev.remotegpu.paperspace.internal.PaperspaceClient;
import dev.remotegpu.paperspace.internal.PaperspaceTeardown;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.time.Duration;

/**
 * A caller of the public {@code PaperspaceTeardown.plan}, as a host program could write one. It once took the
 * billables from the caller, who could relabel a snapshot as made of a covered machine; it now lists them itself
 * through the client it acts with, so a caller has no list to relabel.
 */
final class PaperspaceTeardowns {
  private PaperspaceTeardowns() {}

  /** A plan over the account {@code client} reaches, with the caller's ledger and account key. */
  static TeardownPlan plan(PaperspaceClient client, PaperspacePlatform platform, TeardownRequest request) {
    return PaperspaceTeardown.plan(client, Duration.ofMillis(20), Duration.ofSeconds(5), TeardownProgress.NONE,
        new PaperspaceBillables(PaperspaceProfile.get().billing()), platform.ledger(),
        platform.profile()::gotchaIdFor, request, platform.accountKey());
  }
}
