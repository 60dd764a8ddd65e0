package dev.remotegpu.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where it acts, and how it prints. */
final class CommonOptions {
  /** The environment variable that moves the simulated account. */
  static final String SIMULATED_HOME_VARIABLE = "REMOTEGPU_SIMULATED_HOME";

  @Option(names = "--simulated", description = "Act on the embedded simulator and SSH host: no key, no money. "
      + "Its account lives in --simulated-home, across commands.")
  boolean simulated;

  @Option(names = "--simulated-home", paramLabel = "DIR", description = "Where the simulated account lives "
      + "(default: $" + SIMULATED_HOME_VARIABLE + ", else remotegpu-simulated-$USER in the temporary directory).")
  Path simulatedHome;

  @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
  boolean json;

  @Option(names = "--ssh-key", paramLabel = "PATH", description = "Private key for the machine "
      + "(default: ~/.ssh/id_ed25519).")
  Path sshKey;

  @Option(names = "--known-hosts", paramLabel = "PATH", description = "known_hosts file (default: ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(names = "--ledger", paramLabel = "PATH", description = "The launch ledger that says which machines are "
      + "ours (default: the SDK's, ~/.remotegpu/paperspace-launches.ledger; --simulated keeps its own).")
  Path ledger;

  @Option(names = "--accept-new-host-key", description = "Trust a machine's host key on first connection.")
  boolean acceptNewHostKey;

  Path sshKey() {
    return sshKey != null ? sshKey : Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519");
  }

  Path knownHosts() {
    return knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  /** Opens the backend these options name. */
  Backend open(RemoteGpu app) {
    if (simulated) {
      return SimulatedBackend.open(simulatedHome(app));
    }
    return LiveBackend.fromEnvironment(app.env(), this);
  }

  Path simulatedHome(RemoteGpu app) {
    if (simulatedHome != null) {
      return simulatedHome;
    }
    String fromEnv = app.env().get(SIMULATED_HOME_VARIABLE);
    return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : SimulatedBackend.defaultHome();
  }
}
