package dev.remotegpu.testfixtures.paperspace.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's fixed world: machine types with their sizes and hourly prices, regions, OS templates, and disk
 * prices. All prices are simulator values chosen to be plausible, not quotes of the real price list.
 */
final class Catalog {

  /** A machine type: its label, group (for resize rules), shape and hourly price. */
  record MachineType(
      String label, String group, int cpus, long ramGb, String gpu, Integer gpuMemoryMb, int gpuCount,
      BigDecimal usageRate) {

    boolean hasGpu() {
      return gpuCount > 0;
    }
  }

  /** An OS template. */
  record OsTemplate(String id, String name, String agentType, String operatingSystemLabel, Integer defaultSizeGb,
      List<String> machineTypes, Instant created) {}

  private static final Map<String, MachineType> TYPES = new LinkedHashMap<>();

  static {
    cpu("C4", 2, 4, "0.04");
    cpu("C5", 4, 8, "0.08");
    cpu("C7", 12, 30, "0.30");
    gpu("P4000", "pascal", 8, 30, "P4000", 8192, 1, "0.51");
    gpu("P5000", "pascal", 8, 30, "P5000", 16384, 1, "0.78");
    gpu("P6000", "pascal", 8, 30, "P6000", 24576, 1, "1.10");
    gpu("RTX4000", "turing", 8, 30, "RTX4000", 8192, 1, "0.56");
    gpu("RTX5000", "turing", 8, 30, "RTX5000", 16384, 1, "0.82");
    gpu("V100", "volta", 8, 30, "V100", 16384, 1, "2.30");
    gpu("V100-32G", "volta", 8, 30, "V100", 32768, 1, "2.30");
    gpu("A4000", "ampere", 8, 45, "A4000", 16384, 1, "0.76");
    gpu("A5000", "ampere", 8, 45, "A5000", 24576, 1, "1.38");
    gpu("A6000", "ampere", 8, 45, "A6000", 49152, 1, "1.89");
    gpu("A100", "ampere", 12, 90, "A100", 40960, 1, "3.09");
    gpu("A100-80G", "ampere", 12, 90, "A100", 81920, 1, "3.18");
    gpu("A100-80Gx8", "ampere", 96, 640, "A100", 81920, 8, "25.44");
    gpu("H100", "hopper", 20, 250, "H100", 81920, 1, "5.95");
    gpu("H100x8", "hopper", 128, 1638, "H100", 81920, 8, "47.60");
  }

  private static final Map<String, String> REGIONS = Map.of(
      "ny2", "ny2", "east coast (ny2)", "ny2",
      "ca1", "ca1", "west coast (ca1)", "ca1",
      "ams1", "ams1", "europe (ams1)", "ams1");

  private static final Instant TEMPLATE_DATE = Instant.parse("2024-03-01T12:00:00Z");

  private static final List<OsTemplate> OS_TEMPLATES = List.of(
      new OsTemplate("t0nspur5", "Ubuntu 22.04", "LinuxHeadless", "Ubuntu 22.04", 50, all(), TEMPLATE_DATE),
      new OsTemplate("tkni3aa4", "ML-in-a-Box Ubuntu 22.04", "LinuxHeadless", "Ubuntu 22.04", 100, gpus(),
          TEMPLATE_DATE),
      new OsTemplate("tlnrhp3b", "Ubuntu 20.04", "LinuxHeadless", "Ubuntu 20.04", 50, all(), TEMPLATE_DATE),
      new OsTemplate("tc4b83rn", "ML-in-a-Box Ubuntu 20.04", "LinuxHeadless", "Ubuntu 20.04", 100, gpus(),
          TEMPLATE_DATE),
      new OsTemplate("twnlo3zj", "Ubuntu 22.04 Desktop", "LinuxDesktop", "Ubuntu 22.04", 100, all(),
          TEMPLATE_DATE));

  /** Monthly disk prices by size tier, in dollars (simulator values). */
  private static final long[][] DISK_PRICES = {
      {50, 5}, {100, 7}, {250, 10}, {500, 20}, {1000, 40}, {2000, 80}, {4000, 160}, {8000, 320},
      {12000, 480}, {16000, 640}};

  private Catalog() {}

  private static void cpu(String label, int cpus, long ramGb, String rate) {
    TYPES.put(label.toLowerCase(Locale.ROOT),
        new MachineType(label, "cpu", cpus, ramGb, null, null, 0, new BigDecimal(rate)));
  }

  private static void gpu(String label, String group, int cpus, long ramGb, String gpu, int memory, int count,
      String rate) {
    TYPES.put(label.toLowerCase(Locale.ROOT),
        new MachineType(label, group, cpus, ramGb, gpu, memory, count, new BigDecimal(rate)));
  }

  private static List<String> all() {
    return TYPES.values().stream().map(MachineType::label).toList();
  }

  private static List<String> gpus() {
    return TYPES.values().stream().filter(MachineType::hasGpu).map(MachineType::label).toList();
  }

  /** The type for a label, case-insensitively. */
  static Optional<MachineType> machineType(String label) {
    return Optional.ofNullable(TYPES.get(label.trim().toLowerCase(Locale.ROOT)));
  }

  /** The short lower-case region for a short or long name ("NY2", "East Coast (NY2)"), case-insensitively. */
  static Optional<String> region(String name) {
    return Optional.ofNullable(REGIONS.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  static List<OsTemplate> osTemplates() {
    return OS_TEMPLATES;
  }

  static Optional<OsTemplate> osTemplate(String id) {
    return OS_TEMPLATES.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The monthly price of a disk: the smallest tier that holds it, or $0.04/GB beyond the largest. */
  static BigDecimal diskPricePerMonth(long sizeGb) {
    for (long[] tier : DISK_PRICES) {
      if (sizeGb <= tier[0]) {
        return BigDecimal.valueOf(tier[1]);
      }
    }
    return new BigDecimal("0.04").multiply(BigDecimal.valueOf(sizeGb));
  }

  /** Snapshots and shared drives: $0.29 per GB per month. */
  static BigDecimal storagePricePerMonth(long sizeGb) {
    return new BigDecimal("0.29").multiply(BigDecimal.valueOf(sizeGb));
  }

  static final BigDecimal STATIC_IP_PER_HOUR = new BigDecimal("0.0045");
  static final BigDecimal STATIC_IP_MONTHLY_CAP = new BigDecimal("3.00");
}
