package dev.remotegpu.testfixtures.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system's OpenSSH client against a test host, as an independent client of the fixtures. */
final class SshCommandLine {
  private SshCommandLine() {
  }

  record Result(int exitCode, String stdout, String stderr) {
  }

  static Result run(int port, String user, Path key, Path knownHosts, String remoteCommand) throws IOException,
      InterruptedException {
    List<String> argv = new ArrayList<>(List.of("ssh", "-i", key.toString(), "-p", Integer.toString(port),
        "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "-F", "/dev/null",
        user + "@127.0.0.1", remoteCommand));
    Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    byte[][] output = new byte[2][];
    Thread err = new Thread(() -> {
      try {
        output[1] = process.getErrorStream().readAllBytes();
      } catch (IOException e) {
        output[1] = new byte[0];
      }
    });
    err.start();
    output[0] = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("ssh did not finish within 60 s");
    }
    err.join();
    return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8),
        new String(output[1], StandardCharsets.UTF_8));
  }
}
