package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.profile.TemplateRequirement;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PS11: the template must match the GPU. Ubuntu 22.04 is required for H100 and recommended for A100; Ubuntu
 * 20.04 is recommended for any other machine type. A required template that does not match is critical (the
 * machine will not work), a recommended one a warning; a template whose Ubuntu version cannot be read is a
 * warning too.
 */
public final class TemplateCheck implements Check<TemplateChoice> {

  private static final Pattern UBUNTU = Pattern.compile("(?i)ubuntu\\s*(\\d{2}\\.\\d{2})");

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public TemplateCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s template requirements and PS11 fix. */
  public TemplateCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS11";
  }

  @Override
  public List<Finding> check(TemplateChoice choice) {
    Objects.requireNonNull(choice, "choice");
    Optional<String> version = ubuntuVersion(choice.templateOperatingSystem());
    String template = choice.request().templateId().map(id -> "template " + id + " (")
        .orElse("the default template (") + choice.templateOperatingSystem() + ")";
    String fix = profile.gotcha("PS11").fix();
    List<Finding> findings = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (LaunchCandidate candidate : choice.request().candidates()) {
      if (!seen.add(candidate.machineType())) {
        continue;
      }
      Optional<TemplateRequirement> requirement = profile.templateRequirement(candidate.machineType());
      if (requirement.isEmpty()) {
        continue;
      }
      TemplateRequirement wanted = requirement.get();
      Optional<String> wantedVersion = ubuntuVersion(wanted.operatingSystem());
      boolean required = wanted.level() == TemplateRequirement.Level.REQUIRED;
      if (version.isEmpty()) {
        findings.add(new Finding("PS11", Severity.WARNING,
            "Cannot tell the Ubuntu version of " + template + ": " + wanted.operatingSystem() + " is "
                + (required ? "required" : "recommended") + " for " + candidate.machineType() + ".",
            "machineType=" + candidate.machineType() + ", template=" + choice.templateOperatingSystem()
                + "; " + wanted + " (" + wanted.source() + ")", fix));
      } else if (!version.equals(wantedVersion)) {
        findings.add(new Finding("PS11", required ? Severity.CRITICAL : Severity.WARNING,
            (required ? "" : "Not the recommended template: ") + candidate.machineType() + " "
                + (required ? "requires " : "should run ") + wanted.operatingSystem() + ", but the launch uses "
                + template + (required ? ": the machine will not work with it." : "."),
            "machineType=" + candidate.machineType() + ", template Ubuntu " + version.get() + "; " + wanted + " ("
                + wanted.source() + ")", fix));
      }
    }
    return findings;
  }

  private static Optional<String> ubuntuVersion(String label) {
    Matcher matcher = UBUNTU.matcher(label);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
