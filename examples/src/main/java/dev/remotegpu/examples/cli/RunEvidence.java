package dev.remotegpu.examples.cli;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.run.RemoteSession;
import dev.remotegpu.core.teardown.VerificationEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Iron Law evidence of a run directory, in a process other than the run's: the {@code PULL_VERIFIED.json} the
 * pull wrote, set against the digest of the manifest as it is now (on the machine when it is READY and answers,
 * else the local copy that was verified), as {@link dev.remotegpu.core.run.RemoteRun#evidence()} does in-process.
 */
final class RunEvidence {
  private RunEvidence() {
  }

  /** The evidence of {@code run}, or empty when it has no verified pull. */
  static Optional<VerificationEvidence> of(RunDirectory run, Backend backend) {
    String bundle = "export/" + run.checkpointId();
    Path verifiedFile = run.pulledDir().resolve(bundle).resolve(PullVerified.FILE_NAME);
    Path localManifest = run.pulledDir().resolve(bundle).resolve(CheckpointManifest.FILE_NAME);
    if (!Files.isRegularFile(verifiedFile) || !Files.isRegularFile(localManifest)) {
      return Optional.empty();
    }
    PullVerified record;
    try {
      record = PullVerified.parse(Files.readString(verifiedFile, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new CliException(ExitCodes.CONFIG, verifiedFile + " cannot be read as PULL_VERIFIED: " + e.getMessage()
          + "; run `remotegpu pull " + run.dir() + "` again");
    }
    String current = remoteManifestDigest(run, backend, bundle + "/" + CheckpointManifest.FILE_NAME)
        .orElseGet(() -> localDigest(localManifest));
    return Optional.of(VerificationEvidence.fromPullVerified(record.runId(), record.manifestSha256(),
        record.verifiedAtUtc(), record.files(), record.bytes(), current));
  }

  private static Optional<String> remoteManifestDigest(RunDirectory run, Backend backend, String manifestPath) {
    try {
      Machine machine = backend.platform().machine(run.requireMachine());
      if (machine.state() != MachineState.READY) {
        return Optional.empty();
      }
      RemoteSession session = backend.access().open(machine);
      try (CheckpointStore store = session.checkpoints(run.remoteRoot());
          InputStream in = store.open(manifestPath, 0)) {
        return Optional.of(sha256(in.readAllBytes()));
      } finally {
        session.close();
      }
    } catch (IOException | RuntimeException e) {
      // Gone, stopped or unreachable: the local copy that was verified stands for the manifest.
      return Optional.empty();
    }
  }

  private static String localDigest(Path manifest) {
    try {
      return sha256(Files.readAllBytes(manifest));
    } catch (IOException e) {
      throw new CliException(ExitCodes.CONFIG, "cannot read the pulled manifest " + manifest + ": " + e.getMessage());
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
