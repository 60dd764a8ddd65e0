package dev.remotegpu.testfixtures.paperspace;

import dev.remotegpu.core.PublicIpType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one machine in the simulated account, for seeding checks and assertions.
 *
 * @param id the machine id (e.g. {@code psm9u09bwu5i})
 * @param name its name
 * @param state the API's state word ({@code ready}, {@code off} ...)
 * @param machineType the canonical machine type label (e.g. {@code A4000})
 * @param region the short region code in lower case ({@code ny2}, {@code ca1}, {@code ams1})
 * @param templateId the template it was made from
 * @param diskSizeGb its block disk in GB
 * @param publicIp its current public IP, if any (a dynamic one only while running)
 * @param publicIpType static, dynamic or none
 * @param autoShutdownEnabled whether the auto-shutdown timer is on
 * @param autoShutdownTimeout the auto-shutdown window, when set
 * @param usageRate the compute price per hour in dollars (a simulator value)
 * @param storageRate the disk price per month in dollars (a simulator value)
 * @param networkId the private network it is on, if any
 * @param created when it was created, on the simulator's clock
 * @param lastPoweredOn when it last powered on, if it ever did
 */
public record SimMachine(
    String id,
    String name,
    String state,
    String machineType,
    String region,
    String templateId,
    long diskSizeGb,
    Optional<String> publicIp,
    PublicIpType publicIpType,
    boolean autoShutdownEnabled,
    Optional<Duration> autoShutdownTimeout,
    BigDecimal usageRate,
    BigDecimal storageRate,
    Optional<String> networkId,
    Instant created,
    Optional<Instant> lastPoweredOn) {

  public SimMachine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(publicIp, "publicIp");
    Objects.requireNonNull(publicIpType, "publicIpType");
    Objects.requireNonNull(autoShutdownTimeout, "autoShutdownTimeout");
    Objects.requireNonNull(usageRate, "usageRate");
    Objects.requireNonNull(storageRate, "storageRate");
    Objects.requireNonNull(networkId, "networkId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastPoweredOn, "lastPoweredOn");
  }
}
