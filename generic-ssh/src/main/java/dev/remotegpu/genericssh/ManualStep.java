package dev.remotegpu.genericssh;

import dev.remotegpu.core.Money;
import java.util.Objects;

/**
 * A teardown step the SDK cannot perform on a box you own, handed to you once the Iron Law allowed it: what to
 * do, where, and what it costs every hour you do not.
 *
 * @param stepId the plan's step id this instruction comes from (for example "destroy-machine:lab-4090")
 * @param box the box to stop
 * @param instruction what to do, in words
 * @param perHour what the box keeps costing per hour until you do it (your declared rate)
 * @param perMonth the same per month
 * @param verdict why it is safe now: the checkpoints were pulled and verified by load, and you approved the step
 */
public record ManualStep(String stepId, SshBox box, String instruction, Money perHour, Money perMonth,
    String verdict) {

  public ManualStep {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(perHour, "perHour");
    Objects.requireNonNull(perMonth, "perMonth");
    Objects.requireNonNull(verdict, "verdict");
  }

  /** The step as the lines a console prints. */
  public String render() {
    return "MANUAL STEP " + stepId + "\n  " + verdict + "\n  " + instruction + "\n  until then it bills "
        + perHour.toDisplayString() + "/h (" + perMonth.toDisplayString() + "/month at your declared rate)";
  }
}
