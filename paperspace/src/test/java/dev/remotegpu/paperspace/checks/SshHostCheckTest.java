package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.PublicIpType;
import org.junit.jupiter.api.Test;

class SshHostCheckTest {

  private final SshHostCheck check = new SshHostCheck();

  @Test
  void aDynamicIpSavedAsAFixedHostBreaksAfterRestart() {
    assertThat(check.check(new SshHostPlan(PublicIpType.DYNAMIC, "gpu-box", true))).singleElement()
        .satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS6");
          assertThat(f.message()).contains("dynamic");
          assertThat(f.fix()).contains("Static IP");
        });
  }

  @Test
  void noPublicIpCannotBeReached() {
    assertThat(check.check(new SshHostPlan(PublicIpType.NONE, "gpu-box", false))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no public IP"));
  }

  @Test
  void staticOrReResolvedHostsHaveNoFinding() {
    assertThat(check.check(new SshHostPlan(PublicIpType.STATIC, "gpu-box", true))).isEmpty();
    assertThat(check.check(new SshHostPlan(PublicIpType.DYNAMIC, "gpu-box", false))).isEmpty();
  }

  @Test
  void aBlankHostIsRefused() {
    assertThatThrownBy(() -> check.check(new SshHostPlan(PublicIpType.STATIC, "", true)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
  }
}
