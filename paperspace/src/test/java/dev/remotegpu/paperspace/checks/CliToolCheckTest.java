package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliToolCheckTest {

  private final CliToolCheck check = new CliToolCheck();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "gradient, 3.1.0, CRITICAL",
      "gradient, '', CRITICAL",
      "gradient, >=2.0, CRITICAL",
      "gradient, 2.0.6, WARNING",
      "gradient, <3.0, WARNING",
      "gradient, ==2.99.3, WARNING",
      "Gradient-Python, 0.1.0, CRITICAL",
      "gradient-cli, 2.0.6, WARNING",
      "pspace, '', WARNING"})
  void flagsTheThreeCliMess(String name, String version, Severity severity) {
    assertThat(check.check(new CliTool(name, version))).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS4");
      assertThat(f.severity()).isEqualTo(severity);
      assertThat(f.evidence()).contains(name);
    });
  }

  @Test
  void pinnedPspaceAndUnrelatedToolsHaveNoFinding() {
    assertThat(check.check(new CliTool("pspace", "v1.3.2"))).isEmpty();
    assertThat(check.check(new CliTool("torch", "2.5.1"))).isEmpty();
    assertThat(check.check(CliTool.unpinned(" "))).isEmpty();
  }

  @Test
  void aMalformedVersionIsRefusedNamingIt() {
    assertThatThrownBy(() -> check.check(new CliTool("gradient", "latest please")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latest please'");
  }

  @Test
  void theCollisionFindingExplainsWhatTheSdkIs() {
    assertThat(check.check(new CliTool("gradient", "3.0.0"))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("inference SDK"))
        .satisfies(f -> assertThat(f.fix()).contains("pspace").contains("gradient<3.0"));
  }
}
