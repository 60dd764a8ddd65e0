package dev.remotegpu.genericssh.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import java.util.List;
import java.util.Objects;

/**
 * GEN4: a script with Windows (CRLF) line endings fails on the box with {@code bash: $'\r': command not found}.
 * Reads a script's text before it is pushed.
 */
public final class LineEndingsCheck implements Check<LineEndingsCheck.Script> {

  /**
   * A script as it will be pushed.
   *
   * @param name its name, for the message
   * @param text its content
   */
  public record Script(String name, String text) {
    public Script {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }
  }

  private final PlatformProfile profile;

  /** A check citing {@code profile}'s GEN4 fix. */
  public LineEndingsCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "GEN4";
  }

  @Override
  public List<Finding> check(Script script) {
    Objects.requireNonNull(script, "script");
    long crLines = script.text().chars().filter(c -> c == '\r').count();
    if (crLines == 0) {
      return List.of();
    }
    return List.of(new Finding("GEN4", Severity.CRITICAL, script.name() + " has Windows line endings: on the box"
        + " it fails with \"$'\\r': command not found\".", crLines + " line(s) end in CR",
        profile.gotcha("GEN4").fix()));
  }
}
