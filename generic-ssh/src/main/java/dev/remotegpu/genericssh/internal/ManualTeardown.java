package dev.remotegpu.genericssh.internal;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.teardown.ResourceActions;
import dev.remotegpu.core.teardown.TeardownStepKind;
import dev.remotegpu.genericssh.ManualActionRequiredException;
import dev.remotegpu.genericssh.ManualStep;
import dev.remotegpu.genericssh.ManualStepHandler;
import dev.remotegpu.genericssh.SshBox;
import java.time.Duration;
import java.util.Objects;

/**
 * Teardown on boxes you own: the plan calls {@link #destroyMachine} only after the Iron Law allowed it, and that
 * call hands you the manual step, priced, with the "safe to stop" verdict. It succeeds only when you confirm and
 * the box then stops answering SSH; otherwise the step fails and the box is still audited as billing.
 */
final class ManualTeardown implements ResourceActions {

  private static final Duration PROBE_EVERY = Duration.ofMillis(200);

  private final BoxAccount account;
  private final ManualStepHandler handler;
  private final Duration confirmTimeout;

  ManualTeardown(BoxAccount account, ManualStepHandler handler, Duration confirmTimeout) {
    this.account = Objects.requireNonNull(account, "account");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.confirmTimeout = Objects.requireNonNull(confirmTimeout, "confirmTimeout");
  }

  /** Refused: a stop of a box you own is manual and usually irreversible, so only the gated destroy step asks it. */
  @Override
  public void stopMachine(String machineId) {
    account.stop(account.box(machineId));
  }

  @Override
  public void destroyMachine(String machineId) {
    SshBox box = account.box(machineId);
    Rate rate = Rate.hourly(box.hourlyRate());
    String stepId = TeardownStepKind.DESTROY_MACHINE.stepId(box.name());
    ManualStep step = new ManualStep(stepId, box,
        "Stop or destroy box " + box.name() + " (" + box.endpoint().user() + "@" + box.endpoint().host() + ":"
            + box.endpoint().port() + ") in your provider's console: the SDK holds no provider API and cannot."
            + " Destroying usually deletes its disk.",
        rate.perHour(), rate.perMonth(),
        "SAFE TO STOP: the checkpoints were pulled and verified by load against the current manifest, and you"
            + " approved " + stepId + " (Iron Law).");
    boolean confirmed = handler.perform(step);
    if (!confirmed) {
      throw new ManualActionRequiredException(notDone(box, rate.perHour(), rate.perMonth(), "you have not"
          + " confirmed that you stopped it"), box.name(), "GEN1", true);
    }
    Deadline deadline = account.time().deadline(confirmTimeout);
    while (account.answers(box)) {
      if (deadline.passed()) {
        throw new ManualActionRequiredException(notDone(box, rate.perHour(), rate.perMonth(), "you confirmed it"
            + " stopped, but it still answers SSH at " + box.endpoint().host() + ":" + box.endpoint().port()
            + " after " + confirmTimeout.toSeconds() + " s"), box.name(), "GEN1", true);
      }
      try {
        account.time().sleep(PROBE_EVERY);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ManualActionRequiredException(notDone(box, rate.perHour(), rate.perMonth(),
            "interrupted while checking that it stopped"), box.name(), "GEN1", true);
      }
    }
    account.confirmStopped(box);
  }

  private static String notDone(SshBox box, Money perHour, Money perMonth, String why) {
    return "box " + box.name() + " is still billing " + perHour.toDisplayString() + "/h ("
        + perMonth.toDisplayString() + "/month at your declared rate): " + why + ". Stop it in your provider's"
        + " console, then execute the plan again (GEN1)";
  }

  @Override
  public void releasePublicIp(String address) {
    throw absent("public IP", address);
  }

  @Override
  public void deleteSnapshot(String snapshotId) {
    throw absent("snapshot", snapshotId);
  }

  @Override
  public void deleteSharedStorage(String storageId) {
    throw absent("shared drive", storageId);
  }

  @Override
  public void deleteCustomTemplate(String templateId) {
    throw absent("custom template", templateId);
  }

  private static NotFoundException absent(String kind, String id) {
    return new NotFoundException("no " + kind + " " + id + " on a generic SSH platform: it holds only the boxes you"
        + " declared; delete provider resources in your provider's console", id, null);
  }
}
