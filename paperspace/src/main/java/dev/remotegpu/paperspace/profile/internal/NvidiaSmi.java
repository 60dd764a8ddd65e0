package dev.remotegpu.paperspace.profile.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code nvidia-smi} output says: the driver and CUDA versions of its header, whether any process
 * uses a GPU, and whether the tool could talk to the driver at all.
 *
 * @param driverVersion the "Driver Version" of the header, when present
 * @param cudaVersion the "CUDA Version" of the header (the newest CUDA the driver supports), when present
 * @param gpuState whether a GPU process runs
 */
public record NvidiaSmi(Optional<String> driverVersion, Optional<CudaVersion> cudaVersion, GpuState gpuState) {

  private static final Pattern DRIVER = Pattern.compile("Driver Version:\\s*([0-9.]+)");
  private static final Pattern CUDA = Pattern.compile("CUDA Version:\\s*([0-9]+\\.[0-9]+)");
  private static final Pattern PROCESS_ROW = Pattern.compile(
      "^\\|\\s+\\d+\\s+(?:\\S+\\s+\\S+\\s+)?\\d+\\s+[CG+]+\\s+.*MiB\\s*\\|\\s*$", Pattern.MULTILINE);

  /** Whether any GPU work was running when nvidia-smi ran. */
  public enum GpuState {
    /** "No running processes found": the job died, it is not hung. */
    IDLE,
    /** A process row was listed: something still uses the GPU. */
    BUSY,
    /** nvidia-smi could not talk to the driver. */
    DRIVER_UNREACHABLE,
    /** The output says neither. */
    UNKNOWN
  }

  public NvidiaSmi {
    Objects.requireNonNull(driverVersion, "driverVersion");
    Objects.requireNonNull(cudaVersion, "cudaVersion");
    Objects.requireNonNull(gpuState, "gpuState");
  }

  /** Reads nvidia-smi output; blank or unrelated output gives empty versions and {@link GpuState#UNKNOWN}. */
  public static NvidiaSmi parse(String output) {
    Objects.requireNonNull(output, "nvidiaSmiOutput");
    Matcher driver = DRIVER.matcher(output);
    Matcher cuda = CUDA.matcher(output);
    GpuState state;
    if (output.contains("NVIDIA-SMI has failed") || output.contains("couldn't communicate with the NVIDIA driver")) {
      state = GpuState.DRIVER_UNREACHABLE;
    } else if (output.contains("No running processes found")) {
      state = GpuState.IDLE;
    } else if (PROCESS_ROW.matcher(output).find()) {
      state = GpuState.BUSY;
    } else {
      state = GpuState.UNKNOWN;
    }
    return new NvidiaSmi(
        driver.find() ? Optional.of(driver.group(1)) : Optional.empty(),
        cuda.find() ? Optional.of(CudaVersion.parse(cuda.group(1))) : Optional.empty(),
        state);
  }
}
