package dev.remotegpu.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to launch and how hard to try: ordered (type, region) candidates, the disk, the public IP kind,
 * the auto-shutdown window (fixed after create on some platforms), and the retry-until-capacity budget.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2").autoShutdown(Duration.ofHours(12))
 * }</pre>
 *
 * @param candidates machine type and region pairs, tried in order; at least one
 * @param templateId the OS template id, or empty for the platform's default ML template
 * @param diskSizeGb the block disk size in GB
 * @param publicIpType how the machine is reached; a static IP bills while the machine is off
 * @param autoShutdown the auto-shutdown window, or empty to launch without one (billing risk)
 * @param runId a short label for the run, used in the machine's unique name and the launch ledger; unique by
 *     default ({@link #newRunId()}), so unrelated programs sharing a ledger never adopt each other's machines
 * @param deadline how long to keep retrying capacity failures before giving up
 * @param initialBackoff the first wait between attempts; later waits grow exponentially, with jitter
 * @param maxBackoff the longest wait between attempts
 * @param autoShutdownWaived true only through {@link #withoutAutoShutdown()}: the named, conscious opt-out a launch
 *     with no auto-shutdown needs; a request that merely lacks a window is refused by a platform that has one
 */
public record LaunchRequest(
    List<LaunchCandidate> candidates,
    Optional<String> templateId,
    int diskSizeGb,
    PublicIpType publicIpType,
    Optional<Duration> autoShutdown,
    String runId,
    Duration deadline,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean autoShutdownWaived) {

  private static final java.security.SecureRandom RUN_ID_RANDOM = new java.security.SecureRandom();
  private static final String RUN_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  /** The auto-shutdown window used when none is given: 12 hours. */
  public static final Duration DEFAULT_AUTO_SHUTDOWN = Duration.ofHours(12);

  /** The disk size used when none is given, in GB (the platform minimum is 50). */
  public static final int DEFAULT_DISK_SIZE_GB = 100;

  public LaunchRequest {
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(publicIpType, "publicIpType");
    Objects.requireNonNull(autoShutdown, "autoShutdown");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must name at least one machine type and region");
    }
    if (deadline.isNegative() || initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("deadline and backoffs must not be negative");
    }
    if (autoShutdown.isPresent()) {
      autoShutdownWaived = false;
    }
  }

  /**
   * A request with every field given and no opt-out: with an empty {@code autoShutdown} the platform refuses it
   * (where it has an auto-shutdown) unless {@link #withoutAutoShutdown()} is called.
   */
  public LaunchRequest(List<LaunchCandidate> candidates, Optional<String> templateId, int diskSizeGb,
      PublicIpType publicIpType, Optional<Duration> autoShutdown, String runId, Duration deadline,
      Duration initialBackoff, Duration maxBackoff) {
    this(candidates, templateId, diskSizeGb, publicIpType, autoShutdown, runId, deadline, initialBackoff,
        maxBackoff, false);
  }

  /**
   * A request for one machine type in one region, with a 100 GB disk, a dynamic IP, a 12 h
   * auto-shutdown, and retries for up to 30 minutes (2 s first backoff, at most 2 min).
   */
  public static LaunchRequest of(String machineType, String region) {
    return new LaunchRequest(List.of(new LaunchCandidate(machineType, region)), Optional.empty(),
        DEFAULT_DISK_SIZE_GB, PublicIpType.DYNAMIC, Optional.of(DEFAULT_AUTO_SHUTDOWN), newRunId(),
        Duration.ofMinutes(30), Duration.ofSeconds(2), Duration.ofMinutes(2));
  }

  /** A new run id, {@code run-} and 10 random base-36 characters: the default of {@link #of(String, String)}. */
  public static String newRunId() {
    StringBuilder id = new StringBuilder("run-");
    for (int i = 0; i < 10; i++) {
      id.append(RUN_ID_ALPHABET.charAt(RUN_ID_RANDOM.nextInt(RUN_ID_ALPHABET.length())));
    }
    return id.toString();
  }

  /** Adds a fallback candidate, tried after the ones already listed. */
  public LaunchRequest fallback(String machineType, String region) {
    List<LaunchCandidate> more = new ArrayList<>(candidates);
    more.add(new LaunchCandidate(machineType, region));
    return new LaunchRequest(more, templateId, diskSizeGb, publicIpType, autoShutdown, runId, deadline,
        initialBackoff, maxBackoff, autoShutdownWaived);
  }

  /** Launches from the OS template {@code templateId} instead of the platform's default ML template. */
  public LaunchRequest template(String templateId) {
    return new LaunchRequest(candidates, Optional.of(Objects.requireNonNull(templateId, "templateId")), diskSizeGb, publicIpType, autoShutdown,
        runId, deadline, initialBackoff, maxBackoff, autoShutdownWaived);
  }

  /** Sets the block disk size in GB (the platform checks the allowed sizes). */
  public LaunchRequest diskSizeGb(int diskSizeGb) {
    return new LaunchRequest(candidates, templateId, diskSizeGb, publicIpType, autoShutdown, runId,
        deadline, initialBackoff, maxBackoff, autoShutdownWaived);
  }

  /** Sets how the machine is reached; a static IP bills while the machine is off. */
  public LaunchRequest publicIp(PublicIpType publicIpType) {
    return new LaunchRequest(candidates, templateId, diskSizeGb, publicIpType, autoShutdown, runId,
        deadline, initialBackoff, maxBackoff, autoShutdownWaived);
  }

  /** Sets the auto-shutdown window; on some platforms it is fixed once the machine exists. */
  public LaunchRequest autoShutdown(Duration window) {
    return new LaunchRequest(candidates, templateId, diskSizeGb, publicIpType,
        Optional.of(Objects.requireNonNull(window, "window")), runId,
        deadline, initialBackoff, maxBackoff, autoShutdownWaived);
  }

  /**
   * The named opt-out: launches with no auto-shutdown, so the machine bills until someone stops it, and a host
   * program that dies leaves it running. Without this call a request with no window is refused.
   */
  public LaunchRequest withoutAutoShutdown() {
    return new LaunchRequest(candidates, templateId, diskSizeGb, publicIpType, Optional.empty(), runId,
        deadline, initialBackoff, maxBackoff, true);
  }

  /** Sets the short run label used in the machine's unique name (and so in the launch ledger). */
  public LaunchRequest runId(String runId) {
    return new LaunchRequest(candidates, templateId, diskSizeGb, publicIpType, autoShutdown, runId,
        deadline, initialBackoff, maxBackoff, autoShutdownWaived);
  }

  /** Sets the retry budget: the overall deadline and the backoff range. */
  public LaunchRequest retry(Duration deadline, Duration initialBackoff, Duration maxBackoff) {
    return new LaunchRequest(candidates, templateId, diskSizeGb, publicIpType, autoShutdown, runId,
        deadline, initialBackoff, maxBackoff, autoShutdownWaived);
  }
}
