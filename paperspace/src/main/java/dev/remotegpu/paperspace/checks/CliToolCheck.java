package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PS4: the three-CLI mess. Flags {@code gradient} v3+ and {@code gradient-python} (the DigitalOcean
 * inference SDK, a name collision), deprecated {@code gradient} v2 / {@code gradient-cli}, and an
 * unpinned {@code pspace}; any other name has no finding.
 */
public final class CliToolCheck implements Check<CliTool> {

  private static final Pattern NUMBERS = Pattern.compile("\\d+(\\.\\d+)*");
  private static final Pattern VERSION = Pattern.compile("^(==|<=|<|>=|>|~=)?\\s*v?(\\d+)(\\.\\d+)*[a-zA-Z0-9]*([-+][\\w.]*)?$");

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public CliToolCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s PS4 fix. */
  public CliToolCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS4";
  }

  /** {@inheritDoc} A version that is neither empty nor a version or pin is an {@link IllegalArgumentException}. */
  @Override
  public List<Finding> check(CliTool tool) {
    Objects.requireNonNull(tool, "tool");
    String name = tool.name().trim().toLowerCase(Locale.ROOT);
    String version = tool.version().trim();
    String evidence = tool.name() + (version.isEmpty() ? " (no version pinned)" : " " + version);
    String fix = profile.gotcha("PS4").fix();
    if (name.isEmpty()) {
      return List.of();
    }
    Matcher matcher = VERSION.matcher(version);
    if (!version.isEmpty() && !matcher.matches()) {
      throw new IllegalArgumentException("version of " + tool.name() + " is not a version or pin: '" + version + "'");
    }
    boolean belowThree = !version.isEmpty() && resolvesBelowThree(matcher.group(1), version);
    switch (name) {
      case "gradient-python":
        return List.of(new Finding("PS4", Severity.CRITICAL,
            "gradient-python is the DigitalOcean Gradient AI inference SDK, not the notebook/machine CLI (a name"
                + " collision).", evidence, fix));
      case "gradient":
        if (version.isEmpty()) {
          return List.of(new Finding("PS4", Severity.CRITICAL,
              "An unpinned 'pip install gradient' resolves to v3+, the inference SDK with no notebook/machine"
                  + " commands.", evidence, fix));
        }
        if (!belowThree) {
          return List.of(new Finding("PS4", Severity.CRITICAL,
              "gradient " + version + " is the DigitalOcean Gradient AI inference SDK (v3+), not the"
                  + " orchestration CLI.", evidence, fix));
        }
        return List.of(new Finding("PS4", Severity.WARNING,
            "gradient " + version + " is the deprecated v2 CLI on an API deprecated 15 Jul 2024: keep it only for"
                + " old scripts.", evidence, fix));
      case "gradient-cli":
        return List.of(new Finding("PS4", Severity.WARNING,
            "gradient-cli v2 is deprecated and talks to an API deprecated 15 Jul 2024.", evidence, fix));
      case "pspace":
        if (version.isEmpty()) {
          return List.of(new Finding("PS4", Severity.WARNING,
              "pspace is the right CLI, but no version is pinned.", evidence,
              "Pin and verify the CLI binary + version in any automation."));
        }
        return List.of();
      default:
        return List.of();
    }
  }
  /** Whether a version or pin can only resolve to a release below 3.0 (the v2 CLI). */
  private static boolean resolvesBelowThree(String operator, String version) {
    Matcher numbers = NUMBERS.matcher(version);
    numbers.find();
    String[] parts = numbers.group().split("\\.");
    int major = Integer.parseInt(parts[0]);
    boolean restZero = true;
    for (int i = 1; i < parts.length; i++) {
      restZero &= Integer.parseInt(parts[i]) == 0;
    }
    if (operator == null || operator.equals("==") || operator.equals("~=") || operator.equals("<=")) {
      return major < 3;
    }
    if (operator.equals("<")) {
      return major < 3 || major == 3 && restZero;
    }
    return false;
  }
}
