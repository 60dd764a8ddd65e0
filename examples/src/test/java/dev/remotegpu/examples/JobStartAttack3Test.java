package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third round of attacks on "a job is started at most once per launch" (commit 6fb92f4: the launcher's 'launching'
 * marker, STARTING for up to 20 s, the pending start settled wherever the run picks its job), by a reviewer. The
 * machine-level findings (STATUS decides from the wall clock whether a launch is under way) are in the ssh module's
 * StartingStateAttackTest; this is what they do to a RemoteRun. It failed before a launch was judged under way by its
 * launcher's life instead of the clock, and passes now.
 */
class JobStartAttack3Test {
  @TempDir
  Path dir;

  private HeldJobWorld world;
  private Path bin;
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "attack3");
    t.setDaemon(true);
    return t;
  });

  @BeforeEach
  void startWorld() throws IOException {
    world = new HeldJobWorld(dir, LaunchLedgers.inFile(dir.resolve("ledger.txt")));
    bin = world.host.tmuxDirectory().getParent().resolve("bin");
    // The machine's clock: `date +%s` shifted by the offset file (what an NTP step does to every later reading).
    script("date", """
        #!/bin/sh
        off=0
        [ -f '%1$s/clock-offset' ] && off=$(cat '%1$s/clock-offset')
        if [ "$1" = "+%%s" ]; then echo $(( $(/usr/bin/date +%%s) + off )); else exec /usr/bin/date "$@"; fi
        """.formatted(bin));
    // The first tmux new-session takes 3 s to come up (a launch still under way on the machine).
    Files.writeString(bin.resolve("slow-tmux"), "");
    script("tmux", """
        #!/bin/sh
        case "$*" in *new-session*) if [ -f '%1$s/slow-tmux' ]; then rm -f '%1$s/slow-tmux'; sleep 3; fi ;; esac
        PATH=/usr/local/bin:/usr/bin:/bin exec tmux "$@"
        """.formatted(bin));
  }

  @AfterEach
  void stopWorld() throws Exception {
    try {
      world.close();
    } finally {
      background.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (a): the host dies while the machine's launcher is under way (the launcher goes on: sshd does not kill a
  // command without a pty when its channel closes), and the launch then outlives the 20-s marker window as STATUS
  // sees it: here the machine's clock is stepped forward by NTP meanwhile (a fresh cloud VM, the first launch); with
  // a correct clock a launcher slower than 20 s (slow tmux, big stdin over a slow link) does the same. The resumed
  // host's start() settles the pending id: attach reads VANISHED (cmd, no pid, "old" marker), the run adopts it as
  // the launch, watch() relaunches it under a fresh id, and then the original launcher's tmux comes up and starts
  // the job too. Two copies run.
  // Fix: STATUS must say STARTING while the launcher process itself is alive (its pid and job id in the marker,
  // checked like rgpu_alive checks the wrapper), not while a wall-clock window lasts; VANISHED only once the
  // launcher is gone without a pid. (Alternatively the settle could refuse to adopt a pending start that reads
  // VANISHED without ever having had a pid, and treat it as "may still start".)
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aHostKilledDuringALaunchThatOutlivesTheMarkerWindowDoesNotLeadToASecondCopy() throws Exception {
    Path jobs = world.remoteRoot().resolve("jobs");
    RemoteAccess dying = new ForwardingAccess(world.access(), runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        background.submit(() -> runner.start(spec)); // the launcher runs on the machine ...
        Path cmd = jobs.resolve(spec.jobId().orElseThrow()).resolve("cmd");
        for (int i = 0; i < 200 && !Files.exists(cmd); i++) {
          sleep(10);
        }
        throw new DiesAfterJobStart.HostKilled(spec.jobId().get()); // ... and the host dies before its reply
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return runner.attach(jobId, stateDirectory);
      }
    }, false);
    try (RemoteRun first = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(dying).build()) {
      first.up();
      assertThat(catchThrowable(first::start)).isInstanceOf(DiesAfterJobStart.HostKilled.class);
    }
    Files.writeString(bin.resolve("clock-offset"), "120"); // NTP steps the machine's clock 2 min forward

    try (RemoteRun resumed = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .build()) {
      resumed.up();
      resumed.start();
      Future<?> watching = background.submit(resumed::watch);
      awaitCopies(2, Duration.ofSeconds(5));
      List<String> alive = aliveCopies();
      world.releaseJob();
      watching.get(20, TimeUnit.SECONDS);
      assertThat(alive).as("copies of the job running").hasSize(1);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private void script(String name, String text) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Path jobsDir() {
    return world.remoteRoot().resolve("jobs");
  }

  /** Ids of the job directories whose wrapper process is alive. */
  private List<String> aliveCopies() throws Exception {
    return world.aliveJobs("jobs");
  }

  private void awaitCopies(int n, Duration max) throws Exception {
    world.awaitAliveJobs("jobs", n, max);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
