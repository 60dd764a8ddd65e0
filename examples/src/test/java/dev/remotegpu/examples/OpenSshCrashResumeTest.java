package dev.remotegpu.examples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Path;

/** Crash and resume at every verb with the real OpenSSH daemon as the machine (tmux jobs, real SFTP). */
class OpenSshCrashResumeTest extends CrashResumeContract {
  private OpenSshDaemon sshd;

  @Override
  CrashResumeWorld.Settings startHost(Path dir, PaperspaceSimulator simulator) {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    sshd = OpenSshDaemon.start();
    return new CrashResumeWorld.Settings(simulator.baseUrl(), simulator.apiKey(), sshd.port(), sshd.user(),
        sshd.clientKeyFile(), sshd.writeKnownHosts(dir.resolve("known_hosts")), dir.resolve("host"),
        dir.resolve("machine/durable").toString());
  }

  @Override
  void stopHost() {
    if (sshd != null) {
      sshd.close();
    }
  }
}
