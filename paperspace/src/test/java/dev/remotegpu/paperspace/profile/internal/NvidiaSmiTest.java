package dev.remotegpu.paperspace.profile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NvidiaSmiTest {

  @Test
  void readsTheHeaderAndProcessTable() {
    NvidiaSmi smi = NvidiaSmi.parse("""
        | NVIDIA-SMI 470.82.01    Driver Version: 470.82.01    CUDA Version: 11.4     |
        |    0   N/A  N/A      4242      C   python                           10240MiB |
        """);
    assertThat(smi.driverVersion()).contains("470.82.01");
    assertThat(smi.cudaVersion()).contains(new CudaVersion(11, 4));
    assertThat(smi.gpuState()).isEqualTo(NvidiaSmi.GpuState.BUSY);
  }

  @Test
  void knowsIdleUnreachableAndNothing() {
    assertThat(NvidiaSmi.parse("|  No running processes found   |").gpuState()).isEqualTo(NvidiaSmi.GpuState.IDLE);
    assertThat(NvidiaSmi.parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")
        .gpuState()).isEqualTo(NvidiaSmi.GpuState.DRIVER_UNREACHABLE);
    NvidiaSmi nothing = NvidiaSmi.parse("");
    assertThat(nothing.gpuState()).isEqualTo(NvidiaSmi.GpuState.UNKNOWN);
    assertThat(nothing.cudaVersion()).isEmpty();
  }

  @Test
  void driverCodeDecodes() {
    assertThat(CudaVersion.fromDriverCode(11040)).isEqualTo(new CudaVersion(11, 4));
    assertThat(CudaVersion.fromDriverCode(12020)).isEqualTo(CudaVersion.parse("12.2"));
  }
}
