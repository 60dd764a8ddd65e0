package dev.remotegpu.genericssh.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import java.util.List;
import java.util.Objects;

/**
 * GEN2: a job that is a child of the SSH shell dies with it (SIGHUP when the laptop sleeps). Reads which detach
 * primitives the box has: tmux, else nohup; neither is critical, nohup alone is a note (it survives a drop but
 * cannot be re-attached to).
 */
public final class DetachToolsCheck implements Check<DetachToolsCheck.Tools> {

  /**
   * The detach primitives found on the box ({@code command -v tmux}, {@code command -v nohup}).
   *
   * @param tmux whether tmux is on the PATH
   * @param nohup whether nohup is on the PATH
   */
  public record Tools(boolean tmux, boolean nohup) {}

  private final PlatformProfile profile;

  /** A check citing {@code profile}'s GEN2 fix. */
  public DetachToolsCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "GEN2";
  }

  @Override
  public List<Finding> check(Tools tools) {
    Objects.requireNonNull(tools, "tools");
    if (tools.tmux()) {
      return List.of();
    }
    if (tools.nohup()) {
      return List.of(new Finding("GEN2", Severity.INFO, "No tmux on the box: jobs start under nohup with stdin from"
          + " /dev/null (they survive an SSH drop).", "command -v tmux: nothing", profile.gotcha("GEN2").fix()));
    }
    return List.of(new Finding("GEN2", Severity.CRITICAL, "Neither tmux nor nohup on the box: a job would die with"
        + " the SSH shell.", "command -v tmux and command -v nohup: nothing", profile.gotcha("GEN2").fix()));
  }
}
