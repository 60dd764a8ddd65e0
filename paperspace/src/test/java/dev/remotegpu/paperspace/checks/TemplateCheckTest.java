package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.profile.TemplateRequirement;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateCheckTest {

  private final PlatformProfile profile = PaperspaceProfile.get();
  private final TemplateCheck check = new TemplateCheck(profile);

  @Test
  void theSeedsUbuntuSentenceIsTypedData() {
    assertThat(profile.templateRequirement("H100")).hasValueSatisfying(r -> {
      assertThat(r.operatingSystem()).isEqualTo("Ubuntu 22.04");
      assertThat(r.level()).isEqualTo(TemplateRequirement.Level.REQUIRED);
    });
    assertThat(profile.templateRequirement("h100x8")).map(TemplateRequirement::level)
        .contains(TemplateRequirement.Level.REQUIRED);
    assertThat(profile.templateRequirement("A100-80G")).hasValueSatisfying(r -> {
      assertThat(r.operatingSystem()).isEqualTo("Ubuntu 22.04");
      assertThat(r.level()).isEqualTo(TemplateRequirement.Level.RECOMMENDED);
    });
    assertThat(profile.templateRequirement("A4000")).hasValueSatisfying(r -> {
      assertThat(r.operatingSystem()).isEqualTo("Ubuntu 20.04");
      assertThat(r.catchAll()).isTrue();
    });
    assertThat(profile.notes()).anySatisfy(n -> assertThat(n.text())
        .contains("Ubuntu 22.04 is required for H100 and recommended for A100")
        .contains("Ubuntu 20.04 is recommended for any other machine type"));
  }

  @Test
  void anH100OnUbuntu2004IsCritical() {
    List<Finding> findings = check.check(new TemplateChoice(
        LaunchRequest.of("H100", "ny2").template("t0abc123"), "Ubuntu 20.04"));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS11");
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.message()).contains("H100 requires Ubuntu 22.04").contains("t0abc123");
    });
  }

  @Test
  void recommendedTemplatesWarnAndMatchingOnesPass() {
    assertThat(check.check(new TemplateChoice(LaunchRequest.of("A100", "ny2"), "Ubuntu 20.04")))
        .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    assertThat(check.check(new TemplateChoice(LaunchRequest.of("A4000", "ny2"), "Ubuntu 22.04")))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("A4000 should run Ubuntu 20.04"));
    assertThat(check.check(new TemplateChoice(LaunchRequest.of("H100", "ny2").fallback("A100", "ny2"),
        "Ubuntu 22.04 Server"))).isEmpty();
    assertThat(check.check(new TemplateChoice(LaunchRequest.of("A4000", "ny2"), "ubuntu 20.04"))).isEmpty();
  }

  @Test
  void everyCandidateIsCheckedAndAnUnreadableLabelIsAWarning() {
    assertThat(check.check(new TemplateChoice(LaunchRequest.of("A4000", "ny2").fallback("H100", "ny2"),
        "Ubuntu 20.04"))).singleElement().satisfies(f -> assertThat(f.message()).contains("H100"));
    assertThat(check.check(new TemplateChoice(LaunchRequest.of("H100", "ny2"), "Windows Server 2019")))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.WARNING);
          assertThat(f.message()).contains("Cannot tell the Ubuntu version");
        });
  }

  @Test
  void runAllDispatchesATemplateChoice() {
    assertThat(PaperspaceChecks.runAll(new TemplateChoice(LaunchRequest.of("H100", "ny2"), "Ubuntu 20.04")))
        .extracting(Finding::gotchaId).containsExactly("PS11");
  }

  @Test
  void blockStorageExpansionIsOneWayAsData() {
    var block = profile.survival().tier("core-block-storage");
    assertThat(block.size()).hasValueSatisfying(size -> {
      assertThat(size.growOnly()).isTrue();
      assertThat(size.canResize(100, 200)).isTrue();
      assertThat(size.canResize(200, 100)).as("a grown block volume cannot shrink").isFalse();
      assertThat(size.canResize(100, 2500)).isFalse();
    });
    assertThat(profile.billing().irreversibleActions()).contains("block-storage expansion (one-way)");
    assertThat(profile.gotcha("PS5").rootCause()).contains("block-storage expansion is irreversible");
  }
}
