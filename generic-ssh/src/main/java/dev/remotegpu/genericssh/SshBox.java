package dev.remotegpu.genericssh;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.SshEndpoint;
import java.util.Objects;

/**
 * A machine you own or rent by the hour outside any platform API, declared by you: where SSH reaches it and
 * what it costs per hour (the SDK cannot read a bill, so the rate you declare is what audits and teardown
 * plans price).
 *
 * @param name the box's id in this SDK (unique among the declared boxes, for example "lab-4090")
 * @param endpoint where SSH reaches it: host, port and login user
 * @param machineType a label for its GPU, matched by {@link dev.remotegpu.core.LaunchRequest} candidates
 *     (for example "RTX4090")
 * @param region a label for where it is (for example the provider's datacenter), matched by launch candidates
 * @param hourlyRate what the box costs per hour while it exists; nothing stops this meter but you (GEN1)
 */
public record SshBox(String name, SshEndpoint endpoint, String machineType, String region, Money hourlyRate) {

  public SshBox {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(hourlyRate, "hourlyRate");
    if (name.isBlank() || machineType.isBlank() || region.isBlank()) {
      throw new IllegalArgumentException("a box needs a name, a machine type and a region label: " + name);
    }
    if (hourlyRate.amount().signum() < 0) {
      throw new IllegalArgumentException("box " + name + ": the hourly rate cannot be negative: " + hourlyRate);
    }
  }

  /** Whether a launch candidate names this box: its machine type (or its name) and its region, ignoring case. */
  public boolean matches(LaunchCandidate candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return (candidate.machineType().equalsIgnoreCase(machineType) || candidate.machineType().equalsIgnoreCase(name))
        && candidate.region().equalsIgnoreCase(region);
  }

  @Override
  public String toString() {
    return name + " (" + machineType + " in " + region + ", " + endpoint.user() + "@" + endpoint.host() + ":"
        + endpoint.port() + ", " + hourlyRate.toDisplayString() + "/h declared)";
  }
}
