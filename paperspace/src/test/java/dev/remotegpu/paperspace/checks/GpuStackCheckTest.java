package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.profile.Severity;
import org.junit.jupiter.api.Test;

class GpuStackCheckTest {

  private static final String SMI_11_4 = """
      +-----------------------------------------------------------------------------+
      | NVIDIA-SMI 470.82.01    Driver Version: 470.82.01    CUDA Version: 11.4     |
      |-------------------------------+----------------------+----------------------+
      """;
  private static final String SMI_12_4 = """
      +-----------------------------------------------------------------------------------------+
      | NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
      |-----------------------------------------+------------------------+----------------------+
      """;
  private static final String TORCH_DRIVER_TOO_OLD = """
      /usr/local/lib/python3.10/dist-packages/torch/cuda/__init__.py:128: UserWarning: CUDA initialization: \
      The NVIDIA driver on your system is too old (found version 11040). Please update your GPU driver by \
      downloading and installing a new version from the URL: http://www.nvidia.com/Download/index.aspx
      2.5.1+cu124 12.4 False
      """;

  private final GpuStackCheck check = new GpuStackCheck();

  @Test
  void driverTooOldMessageIsCritical() {
    assertThat(check.check(new GpuStackOutput(SMI_11_4, TORCH_DRIVER_TOO_OLD))).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS11");
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.message()).contains("CUDA 11.4");
      assertThat(f.evidence()).contains("found version 11040");
      assertThat(f.fix()).contains("torch build matching the box's CUDA");
    });
  }

  @Test
  void noKernelImageIsCritical() {
    assertThat(check.check(new GpuStackOutput(SMI_12_4,
        "RuntimeError: CUDA error: no kernel image is available for execution on the device\n")))
        .singleElement().satisfies(f -> assertThat(f.evidence()).contains("no kernel image is available"));
  }

  @Test
  void torchBuiltForANewerCudaThanTheDriverIsFlaggedWithoutAnyMessage() {
    assertThat(check.check(new GpuStackOutput(SMI_11_4, "2.5.1+cu124 12.4 True\n"))).singleElement()
        .satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(f.message()).contains("12.4").contains("11.4");
        });
    assertThat(check.check(new GpuStackOutput(SMI_12_4.replace("12.4", "12.2"), "2.5.1+cu124 12.4 True")))
        .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
  }

  @Test
  void torchThatCannotSeeTheGpuOrIsCpuOnlyIsFlagged() {
    assertThat(check.check(new GpuStackOutput(SMI_12_4, "2.5.1+cu121 12.1 False"))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("is_available() is False"));
    assertThat(check.check(new GpuStackOutput(SMI_12_4, "2.5.1+cpu None False"))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("CPU-only"));
  }

  @Test
  void aMatchingStackOrNoOutputHasNoFinding() {
    assertThat(check.check(new GpuStackOutput(SMI_12_4, "2.5.1+cu121 12.1 True"))).isEmpty();
    assertThat(check.check(new GpuStackOutput("", ""))).isEmpty();
    assertThat(check.check(new GpuStackOutput("garbage", "ModuleNotFoundError: No module named 'torch'"))).isEmpty();
  }
}
