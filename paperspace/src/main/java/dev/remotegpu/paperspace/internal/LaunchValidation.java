package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Paperspace's rules for a launch request, checked before any call that could bill: known regions,
 * block storage of at least 50 GB (up to 2 TB, or one of the API's larger sizes), and an auto-shutdown
 * window of whole hours within 1 h..1 week, at most 6 h on a free machine type.
 */
public final class LaunchValidation {
  /** The smallest block disk, in GB. */
  public static final int MIN_DISK_GB = 50;
  /** The largest block disk the platform documents for Core machines, in GB. */
  public static final int MAX_DOCUMENTED_DISK_GB = 2000;
  /** Sizes above 2 TB that the API's schema lists. */
  public static final Set<Integer> LARGE_DISK_SIZES_GB = Set.of(4000, 8000, 12000, 16000);
  /** The shortest auto-shutdown window. */
  public static final Duration MIN_AUTO_SHUTDOWN = Duration.ofHours(1);
  /** The longest auto-shutdown window (one week). */
  public static final Duration MAX_AUTO_SHUTDOWN = Duration.ofDays(7);
  /** The longest auto-shutdown window of a free machine type. */
  public static final Duration MAX_FREE_AUTO_SHUTDOWN = Duration.ofHours(6);

  private LaunchValidation() {
  }

  /** Whether a machine type is one of Paperspace's free ones ("Free-GPU", "Free-P5000", ...). */
  public static boolean isFree(String machineType) {
    return machineType != null && machineType.strip().toLowerCase(Locale.ROOT).startsWith("free-");
  }

  /**
   * Checks the request.
   *
   * @throws ValidationException naming every bad field, with what is allowed
   */
  public static void validate(LaunchRequest request) {
    List<ValidationException.Issue> issues = new ArrayList<>();
    boolean anyFree = false;
    for (int i = 0; i < request.candidates().size(); i++) {
      LaunchCandidate c = request.candidates().get(i);
      String at = "candidates[" + i + "]";
      if (c.machineType().isBlank()) {
        issues.add(new ValidationException.Issue(at + ".machineType", "must name a machine type such as A4000"));
      }
      if (Regions.code(c.region()).isEmpty()) {
        issues.add(new ValidationException.Issue(at + ".region", "unknown region '" + c.region()
            + "': use ny2, ca1 or ams1 (or East Coast (NY2), West Coast (CA1), Europe (AMS1))"));
      }
      anyFree |= isFree(c.machineType());
    }
    int disk = request.diskSizeGb();
    if (disk < MIN_DISK_GB) {
      issues.add(new ValidationException.Issue("diskSizeGb", disk + " GB is under the " + MIN_DISK_GB
          + " GB minimum of Paperspace block storage"));
    } else if (disk > MAX_DOCUMENTED_DISK_GB && !LARGE_DISK_SIZES_GB.contains(disk)) {
      issues.add(new ValidationException.Issue("diskSizeGb", disk + " GB is over the " + MAX_DOCUMENTED_DISK_GB
          + " GB of Paperspace block storage; larger disks must be one of " + LARGE_DISK_SIZES_GB.stream().sorted()
          .toList() + " GB"));
    }
    Optional<Duration> window = request.autoShutdown();
    if (window.isPresent()) {
      Duration w = window.get();
      if (w.compareTo(MIN_AUTO_SHUTDOWN) < 0 || w.compareTo(MAX_AUTO_SHUTDOWN) > 0) {
        issues.add(new ValidationException.Issue("autoShutdown", w + " is outside 1 h..1 week (168 h), the range"
            + " Paperspace allows; it is fixed once the machine exists (PS2)"));
      } else if (w.toMillis() % Duration.ofHours(1).toMillis() != 0) {
        issues.add(new ValidationException.Issue("autoShutdown", w + " is not a whole number of hours, which is"
            + " all the Paperspace API accepts"));
      } else if (anyFree && w.compareTo(MAX_FREE_AUTO_SHUTDOWN) > 0) {
        issues.add(new ValidationException.Issue("autoShutdown", w + " is over the 6 h cap of free machine types"
            + " (" + freeTypes(request) + ")"));
      }
    } else if (anyFree) {
      issues.add(new ValidationException.Issue("autoShutdown", "free machine types (" + freeTypes(request)
          + ") stop after at most 6 h: set an auto-shutdown of 1..6 h"));
    } else if (!request.autoShutdownWaived()) {
      issues.add(new ValidationException.Issue("autoShutdown", "none is set, so a host program that dies leaves"
          + " the machine billing until someone stops it (PS2): set one, e.g. autoShutdown(Duration.ofHours(12)),"
          + " or opt out by name with withoutAutoShutdown()"));
    }
    if (request.templateId().filter(String::isBlank).isPresent()) {
      issues.add(new ValidationException.Issue("templateId", "must not be blank; leave it out for the default"));
    }
    if (request.runId().isBlank()) {
      issues.add(new ValidationException.Issue("runId", "must not be blank: it goes into the machine's unique name"));
    }
    if (!issues.isEmpty()) {
      throw new ValidationException("launch request refused before any call that could bill; fix these fields",
          issues, request.autoShutdown().isEmpty() ? "PS2" : null);
    }
  }

  private static String freeTypes(LaunchRequest request) {
    return String.join(", ", request.candidates().stream().map(LaunchCandidate::machineType)
        .filter(LaunchValidation::isFree).toList());
  }
}
