package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import dev.remotegpu.paperspace.profile.internal.CudaVersion;
import dev.remotegpu.paperspace.profile.internal.NvidiaSmi;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PS11: the template's driver/CUDA stack lags the installed PyTorch. Reads the driver-too-old and
 * "no kernel image" messages, and compares the CUDA of the torch build with the newest CUDA the driver
 * supports (the nvidia-smi header). Unrecognised output gives no finding.
 */
public final class GpuStackCheck implements Check<GpuStackOutput> {

  private static final Pattern TOO_OLD = Pattern.compile(
      "NVIDIA driver on your system is too old \\(found version (\\d+)\\)");
  private static final Pattern NO_KERNEL_IMAGE = Pattern.compile("no kernel image is available[^\\n]*");
  private static final Pattern TORCH_LINE = Pattern.compile(
      "^\\s*(\\d+\\.\\d+\\.\\d+\\S*)\\s+(\\d+\\.\\d+|None)\\s+(True|False)\\s*$", Pattern.MULTILINE);

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public GpuStackCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s PS11 fix. */
  public GpuStackCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS11";
  }

  @Override
  public List<Finding> check(GpuStackOutput output) {
    Objects.requireNonNull(output, "output");
    String all = output.nvidiaSmiOutput() + "\n" + output.torchOutput();
    String fix = profile.gotcha("PS11").fix();
    NvidiaSmi smi = NvidiaSmi.parse(output.nvidiaSmiOutput());
    List<Finding> findings = new ArrayList<>();
    Matcher tooOld = TOO_OLD.matcher(all);
    if (tooOld.find()) {
      CudaVersion driverCuda = CudaVersion.fromDriverCode(Integer.parseInt(tooOld.group(1)));
      findings.add(new Finding("PS11", Severity.CRITICAL,
          "The host driver is too old for this PyTorch build: it supports CUDA " + driverCuda + " only.",
          tooOld.group(), fix));
    }
    Matcher noKernel = NO_KERNEL_IMAGE.matcher(all);
    if (noKernel.find()) {
      findings.add(new Finding("PS11", Severity.CRITICAL,
          "This PyTorch build has no kernels for this GPU's architecture.", noKernel.group().strip(), fix));
    }
    Matcher torch = TORCH_LINE.matcher(output.torchOutput());
    if (!findings.isEmpty() || !torch.find()) {
      return findings;
    }
    String torchVersion = torch.group(1);
    Optional<CudaVersion> torchCuda = torch.group(2).equals("None")
        ? Optional.empty() : Optional.of(CudaVersion.parse(torch.group(2)));
    boolean available = torch.group(3).equals("True");
    String evidence = "torch " + torchVersion + " built for CUDA " + torch.group(2) + ", cuda.is_available()="
        + available + smi.driverVersion().map(d -> "; driver " + d).orElse("")
        + smi.cudaVersion().map(c -> " supports CUDA " + c).orElse("");
    if (torchCuda.isEmpty()) {
      if (smi.cudaVersion().isPresent()) {
        findings.add(new Finding("PS11", Severity.WARNING,
            "A CPU-only PyTorch build is installed on a GPU machine.", evidence, fix));
      }
      return findings;
    }
    if (smi.cudaVersion().isPresent() && torchCuda.get().compareTo(smi.cudaVersion().get()) > 0) {
      boolean newerMajor = torchCuda.get().major() > smi.cudaVersion().get().major();
      findings.add(new Finding("PS11", newerMajor ? Severity.CRITICAL : Severity.WARNING,
          "PyTorch is built for CUDA " + torchCuda.get() + " but the driver supports CUDA "
              + smi.cudaVersion().get() + (newerMajor ? ": it cannot use the GPU." : ": some kernels may fail."),
          evidence, fix));
    } else if (!available) {
      findings.add(new Finding("PS11", Severity.CRITICAL,
          "PyTorch cannot see the GPU (torch.cuda.is_available() is False).", evidence, fix));
    }
    return findings;
  }
}
