package dev.remotegpu.paperspace.checks;

import java.util.Objects;

/**
 * What the GPU stack printed, for the PS11 check. Empty strings mean the command was not run.
 *
 * @param nvidiaSmiOutput output of {@code nvidia-smi} (its header carries the driver and CUDA versions)
 * @param torchOutput output of {@code python -c "import torch;print(torch.__version__, torch.version.cuda,
 *     torch.cuda.is_available())"}, warnings and errors included
 */
public record GpuStackOutput(String nvidiaSmiOutput, String torchOutput) {

  public GpuStackOutput {
    Objects.requireNonNull(nvidiaSmiOutput, "nvidiaSmiOutput");
    Objects.requireNonNull(torchOutput, "torchOutput");
  }
}
