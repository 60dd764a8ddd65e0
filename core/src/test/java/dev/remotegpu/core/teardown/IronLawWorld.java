package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.checkpoint.internal.Sha256;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.run.internal.RunBundles;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A machine whose durable root is a local directory, a local pull target, and a platform that answers the
 * machine's state and its power-on events: enough world to attack the Iron Law gate in core alone.
 */
final class IronLawWorld {
  static final String CHECKPOINT = "t";
  static final Verifier LOADS = file -> Verifier.Verdict.accept();

  final Path machineRoot;
  final Path localRoot;
  final FakePlatform platform;
  Clock clock = Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);
  boolean reachable = true;

  IronLawWorld(Path dir, String accountKey) {
    this.machineRoot = dir.resolve("machine-" + accountKey);
    this.localRoot = dir.resolve("pulled-" + accountKey);
    this.platform = new FakePlatform(accountKey);
  }

  void jobWrites(String relative, String content) throws IOException {
    Path file = machineRoot.resolve("active").resolve(CHECKPOINT).resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** What RemoteRun.pull() does: seal what is open, pull every bundle of the run with {@code verifier}. */
  void pull(Verifier verifier) throws IOException {
    CheckpointStore remote = LocalCheckpointStore.at(machineRoot);
    RunBundles.sealWhatIsOpen(remote, CHECKPOINT, Accounts.RUN, clock);
    CheckpointSync sync = CheckpointSync.builder().verifier(verifier).clock(clock).build();
    for (String id : RunBundles.published(remote, CHECKPOINT)) {
      sync.pull(remote, LocalCheckpointStore.at(localRoot), id);
    }
  }

  /** Lists and hashes every file under active/, export/ and quarantine/ of the machine, as the shell inventory does. */
  DurableInventory inventory() {
    return () -> {
      if (!reachable) {
        throw new IOException("connection refused");
      }
      List<DurableFile> files = new ArrayList<>();
      for (String root : List.of("active", "export", "quarantine")) {
        Path dir = machineRoot.resolve(root);
        if (!Files.exists(dir)) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.filter(p -> !Files.isDirectory(p)).sorted().toList()) {
            String rel = machineRoot.relativize(p).toString();
            files.add(DurableFile.hashed(rel, Files.size(p), Sha256.of(p)));
          }
        }
      }
      return files;
    };
  }

  VerificationEvidence evidence(boolean jobEnded) {
    return VerificationEvidence.collect(platform, Accounts.MACHINE, Accounts.RUN, localRoot, inventory(), jobEnded,
        clock);
  }

  TeardownPlan destroyPlan(RecordingResourceActions actions, InMemoryLedger ledger) {
    return TeardownPlanner.plan(actions.billables(), ledger, Accounts.GOTCHAS,
        TeardownRequest.destroyEverythingOf(Accounts.MACHINE), actions, actions::billables, platform.accountKey());
  }

  /** A platform that knows one machine's state and when it was last powered on; nothing else is called. */
  static final class FakePlatform implements Platform {
    private final String accountKey;
    MachineState state = MachineState.READY;
    boolean exists = true;
    Optional<Instant> lastPoweredOn = Optional.of(Instant.parse("2026-11-30T01:00:00Z"));

    FakePlatform(String accountKey) {
      this.accountKey = accountKey;
    }

    @Override
    public String accountKey() {
      return accountKey;
    }

    @Override
    public Optional<Instant> lastPoweredOn(String machineId) {
      return lastPoweredOn;
    }

    @Override
    public Machine machine(String id) {
      if (!exists || !id.equals(Accounts.MACHINE)) {
        throw new NotFoundException("no machine " + id, id, null);
      }
      return (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "id" -> id;
            case "state" -> state;
            case "rawState" -> state.toString().toLowerCase(java.util.Locale.ROOT);
            case "toString" -> "machine " + id;
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }

    @Override
    public PlatformProfile profile() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Machine launch(LaunchRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Machine launch(LaunchRequest request, LaunchListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Machine> machines() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Billable> billables() {
      throw new UnsupportedOperationException();
    }

    @Override
    public LaunchLedger ledger() {
      throw new UnsupportedOperationException();
    }

    @Override
    public TeardownPlan planTeardown(TeardownRequest request) {
      throw new UnsupportedOperationException();
    }
  }
}
