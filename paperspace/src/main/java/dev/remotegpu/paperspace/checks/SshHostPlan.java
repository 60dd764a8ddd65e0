package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.PublicIpType;
import java.util.Objects;

/**
 * How a program means to reach a machine over SSH, for the PS6 check.
 *
 * @param ipType the kind of public IP the machine has
 * @param host the address or alias it will connect to
 * @param fixedAcrossRestarts whether that host is saved and reused after the machine restarts (an ssh
 *     config alias, a hard-coded address) instead of re-resolved on each start
 */
public record SshHostPlan(PublicIpType ipType, String host, boolean fixedAcrossRestarts) {

  public SshHostPlan {
    Objects.requireNonNull(ipType, "ipType");
    Objects.requireNonNull(host, "host");
  }
}
