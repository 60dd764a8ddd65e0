package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.run.RunJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third round of attacks, on the launcher's {@code launching} marker and the STARTING state (commit 6fb92f4), by a
 * reviewer. The "machine" is the embedded SSH host; its PATH starts with a bin directory where this test puts shims:
 * a {@code date} whose result is shifted by an offset file (the machine's clock, which NTP may step) and may be slow
 * once, and a {@code tmux} whose {@code new-session} may be slow once (a launch still under way on the machine).
 *
 * <p>Root cause of every finding here: STATUS decides "a launcher is still under way" from the machine's wall clock
 * (marker younger than 20 s), not from whether the launcher process is alive. A live launcher older than 20 s (or
 * under a clock stepped forward) reads VANISHED and can still start the job; a dead launcher (killed, power cut) is
 * waited for up to 20 s (forever, under a clock stepped back). Suggested fix for all of them: the launcher writes
 * its own pid (and the job id, e.g. {@code $$ rgpu-launch-ID}) into the marker; STATUS says STARTING exactly while
 * that pid is alive and is that launcher (as rgpu_alive does for the wrapper, via /proc/PID/cmdline), and VANISHED at
 * once otherwise, with no clock involved; STOP of a job without pid kills that launcher (or drops a {@code cancelled}
 * file the launcher checks, under a lock, just before it starts the wrapper) before it returns.
 *
 * <p>Taken: the launcher writes its pid to {@code <job dir>.launching} (exclusively, before the job dir), STATUS says
 * STARTING while that launcher runs (read as RUNNING), a stop during the launch or a launcher that gives up leaves
 * {@code <job dir>/cancelled} (since the fourth round; {@code <job dir>.cancelled} before), which the wrapper reads
 * after writing its pid. Every finding failed before and passes now; the control held throughout. The clock shims stay: the answers must not depend on the machine's clock.
 */
class StartingStateAttackTest {
  @RegisterExtension
  static final SshTestHost.Embedded HOST = SshTestHost.embedded();

  @TempDir
  Path state;

  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "attack-launch");
    t.setDaemon(true);
    return t;
  });

  private Path bin;

  @BeforeEach
  void shims() throws IOException {
    bin = HOST.host().tmuxDirectory().getParent().resolve("bin");
    LaunchAttackKit.script(bin, "date", """
        #!/bin/sh
        off=0
        [ -f '%1$s/clock-offset' ] && off=$(cat '%1$s/clock-offset')
        if [ "$1" = "+%%s" ]; then
          if [ -f '%1$s/slow-date' ]; then s=$(cat '%1$s/slow-date'); rm -f '%1$s/slow-date'; sleep "$s"; fi
          echo $(( $(/usr/bin/date +%%s) + off ))
        else
          exec /usr/bin/date "$@"
        fi
        """.formatted(bin));
    LaunchAttackKit.script(bin, "tmux", """
        #!/bin/sh
        case "$*" in *new-session*)
          if [ -f '%1$s/slow-tmux' ]; then s=$(cat '%1$s/slow-tmux'); rm -f '%1$s/slow-tmux'; sleep "$s"; fi
          if [ -f '%1$s/slow-session' ] && [ "$#" -eq 9 ]; then
            s=$(cat '%1$s/slow-session'); rm -f '%1$s/slow-session'
            set -- "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "sleep $s; $9"
          fi ;;
        esac
        PATH=/usr/local/bin:/usr/bin:/bin exec tmux "$@"
        """.formatted(bin));
    // With the file fast-polls, the launcher's 300 polls of 0.05 s for the pid go by at once (it gives up in about
    // a second instead of 15): every other sleep is the real one.
    LaunchAttackKit.script(bin, "sleep", """
        #!/bin/sh
        if [ -f '%1$s/fast-polls' ] && [ "$1" = 0.05 ]; then exit 0; fi
        PATH=/usr/local/bin:/usr/bin:/bin exec sleep "$@"
        """.formatted(bin));
  }

  @AfterEach
  void cleanUp() throws IOException {
    background.shutdownNow();
    HOST.host().killJobs();
    for (String name : List.of("date", "tmux", "sleep", "fast-polls", "clock-offset", "slow-date", "slow-tmux",
        "slow-session")) {
      Files.deleteIfExists(bin.resolve(name));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (c, a): the machine's clock is stepped forward while a launch is under way (chrony/ntpd stepping the
  // clock of a freshly booted cloud VM, which is exactly when the first launch runs; the same state is reached
  // without any clock step when the launcher simply takes more than 20 s: a slow tmux, a big stdin secret on a slow
  // link). The marker now looks older than 20 s, so STATUS reads the live launch as VANISHED, a terminal state, and
  // a moment later the same job reads RUNNING. Everything that trusts VANISHED (the supervisor relaunching, the
  // pending-start settle adopting it as the launch, the Iron Law) acts on a job that is about to run.
  // Fix: STARTING while the launcher process named in the marker is alive, whatever the clock says (see class doc).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aLaunchUnderWayIsNeverReadVanishedWhenTheMachinesClockIsSteppedForward() throws Exception {
    Path ran = state.resolve("ran");
    Future<DetachedJob> launch = launchSlowly("clock-fwd", ran, 2);
    awaitLaunchBegan("clock-fwd");
    clockOffset(120); // NTP steps the machine's clock two minutes forward

    List<JobStatus> seen = new ArrayList<>();
    try (SshConnection other = HOST.newConnection()) {
      seen.add(SshJobs.tmuxRunner(other).attach("clock-fwd", state.toString()).status());
      launch.get(10, TimeUnit.SECONDS);
      LaunchAttackKit.awaitFile(ran, Duration.ofSeconds(3));
      seen.add(SshJobs.tmuxRunner(other).attach("clock-fwd", state.toString()).status());
    }
    assertThat(seen).as("statuses read during and after the launch").doesNotContain(JobStatus.VANISHED);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (c): stop() of a job whose launcher is still under way does nothing (STOP: no pid -> exit 0) and
  // returns normally; the launcher then starts the job, which runs on although the caller stopped it. Reached
  // through the public API whenever attach() returns before the launch ended: the clock step above (attach reads
  // VANISHED at once), a launch longer than 20 s, or a STARTING that outlasts attach's 25 s settle.
  // Fix: STOP of a job with a live launcher and no pid must cancel the launch (kill the launcher by the pid in the
  // marker and write exit_code, or a 'cancelled' file the launcher checks before it starts the wrapper), or wait for
  // the pid and then stop the job.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aJobStoppedWhileItsLaunchIsUnderWayDoesNotRunAfterwards() throws Exception {
    Path ran = state.resolve("ran");
    Future<DetachedJob> launch = launchSlowly("stopped", ran, 2);
    awaitLaunchBegan("stopped");
    clockOffset(120);

    try (SshConnection other = HOST.newConnection()) {
      DetachedJob job = SshJobs.tmuxRunner(other).attach("stopped", state.toString());
      job.stop(Duration.ofMillis(500)); // accepted: returns normally
    }
    catchThrowable(() -> launch.get(10, TimeUnit.SECONDS));
    LaunchAttackKit.awaitFile(ran, Duration.ofSeconds(3));
    assertThat(Files.exists(ran)).as("the stopped job ran afterwards").isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (b): the Iron Law's question, RunJournal.jobEnded(jobs, stateDirectory), answers "ended" for a pending
  // start whose launcher is alive on the machine (host died mid-start; the marker aged past 20 s, here by a clock
  // step) and the job then runs: a destroy would go through under a job about to run.
  // Fix: as above (STARTING while the launcher lives); jobEnded must also treat STARTING/a live launcher as running.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void thePendingStartOfALiveLauncherIsNotReportedEndedToTheIronLaw() throws Exception {
    Path ran = state.resolve("ran");
    Future<DetachedJob> launch = launchSlowly("pending", ran, 2);
    awaitLaunchBegan("pending");
    clockOffset(120);
    RunJournal journal = new RunJournal(RunJournal.FORMAT_VERSION, "r", "r",
        LaunchRequest.of("A4000", "ny2"), Optional.of("m1"), Optional.empty(), Optional.of("pending"), 0,
        List.of(), List.of(), Optional.empty(), Instant.now());

    boolean ended;
    try (SshConnection other = HOST.newConnection()) {
      ended = journal.jobEnded(SshJobs.tmuxRunner(other), state.toString());
    }
    launch.get(10, TimeUnit.SECONDS);
    LaunchAttackKit.awaitFile(ran, Duration.ofSeconds(3));
    assertThat(Files.exists(ran)).as("the pending job runs").isTrue();
    assertThat(ended).as("jobEnded while the pending job's launcher was alive").isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (c, d): a launcher killed mid-launch (SIGKILL: the OOM killer, a power cut; its EXIT trap never runs)
  // leaves its marker. Under a clock that was ahead when the marker was written and has since been stepped back (a
  // VM booted with a fast RTC; a reboot after a power cut is the typical moment) the marker is "in the future", so
  // STATUS says STARTING until the clock catches up: every attach() and every status() blocks the full 25 s settle
  // and then throws "has no state files (STARTING)"; the supervisor's poll loop turns into 25-s stalls ending in
  // (retryable) errors, and the job is never read VANISHED, so it is never relaunched. The test reads the status
  // as it would be ten minutes (machine time) after the launch, well past the 20-s window: still STARTING.
  // Fix: a dead launcher is VANISHED at once (pid in the marker, see class doc); at least treat a marker from the
  // future (t > now) as stale, and never leave settledStatusLine with STARTING (it is not a state status() knows).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aKilledLaunchersMarkerUnderAClockSteppedBackDoesNotHangEveryStatusRead() throws Exception {
    clockOffset(3600); // the machine's clock is an hour ahead when the launch begins
    Future<DetachedJob> launch = launchSlowly("killed-ahead", state.resolve("ran"), 30);
    awaitLaunchBegan("killed-ahead");
    HOST.host().killJobs(); // the launcher dies by SIGKILL: its EXIT trap does not remove the marker
    catchThrowable(() -> launch.get(10, TimeUnit.SECONDS));
    clockOffset(600); // NTP stepped the clock back; the status is read ten minutes (machine time) after the launch

    JobStatus status = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> {
      try (SshConnection other = HOST.newConnection()) {
        return SshJobs.tmuxRunner(other).attach("killed-ahead", state.toString()).status();
      }
    }, "attach + status() of a job whose launcher was killed");
    assertThat(status).isEqualTo(JobStatus.VANISHED);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (d): without any clock trouble, a launcher killed mid-launch makes every attach()/status() in the 20 s
  // after the launch block until those 20 s have passed (STATUS cannot tell a dead launcher from a live one), though
  // the answer (VANISHED) is known at once. The supervisor, watch(), the CLI's status/logs stall for up to 20 s.
  // Fix: as above (the launcher's pid in the marker; VANISHED as soon as it is dead).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aKilledLauncherIsReadVanishedWithoutWaitingOutTheLaunchWindow() throws Exception {
    Future<DetachedJob> launch = launchSlowly("killed", state.resolve("ran"), 30);
    awaitLaunchBegan("killed");
    HOST.host().killJobs();
    catchThrowable(() -> launch.get(10, TimeUnit.SECONDS));

    JobStatus status = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> {
      try (SshConnection other = HOST.newConnection()) {
        return SshJobs.tmuxRunner(other).attach("killed", state.toString()).status();
      }
    }, "attach + status() of a job whose launcher was killed");
    assertThat(status).isEqualTo(JobStatus.VANISHED);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (a, b; low likelihood): the launcher makes the job directory (mkdir) and only then writes the marker,
  // through a redirection that creates the file empty before `date` writes it. In between, STATUS reads UNKNOWN (no
  // cmd, no or an empty marker), so attach() throws NotFoundException, which ContractJobRunner reads as "that start
  // never reached the machine" (it starts a fresh copy) and RunJournal.jobEnded as "ended". The launcher then goes
  // on and starts the job. The window is milliseconds on an idle machine; a loaded or swapping one (fork and exec of
  // `date`) widens it; here `date` takes 2 s once.
  // Fix: make the marker appear with the directory: build the job dir under a temporary name (marker first) and
  // rename it into place (the rename, not mkdir, is then the "no job under this id" test), or have STATUS read an
  // existing job dir without cmd and without a complete marker as STARTING (and attach wait it out), never UNKNOWN.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aJobDirectoryWhoseMarkerIsBeingWrittenIsNotReadAsNoJob() throws Exception {
    Files.writeString(bin.resolve("slow-date"), "2");
    Path ran = state.resolve("ran");
    Future<DetachedJob> launch = background.submit(() -> SshJobs.tmuxRunner(HOST.connection())
        .start(spec(ran).jobId("unmarked").build()));
    Path dirMade = state.resolve("unmarked");
    for (int i = 0; i < 200 && !Files.isDirectory(dirMade); i++) {
      Thread.sleep(10);
    }
    Throwable attach;
    try (SshConnection other = HOST.newConnection()) {
      attach = catchThrowable(() -> SshJobs.tmuxRunner(other).attach("unmarked", state.toString()));
    }
    launch.get(10, TimeUnit.SECONDS);
    LaunchAttackKit.awaitFile(ran, Duration.ofSeconds(3));
    assertThat(Files.exists(ran)).as("the job runs").isTrue();
    assertThat(attach == null ? "found" : attach.toString()).as("attach during the launch")
        .isEqualTo("found");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (a, c; ~22 s): the launcher gives up after 15 s without a pid (exit 74, "did not start within 15 s") and
  // its EXIT trap removes the marker, but it leaves the tmux session (or the nohup'd sh) it started behind. start()
  // throws, the job reads VANISHED at once, and a moment later the session's shell gets going and the job RUNS.
  // ContractJobRunner keeps that id pending, so the next start() settles it: attach reads VANISHED, the run adopts
  // it and the supervisor relaunches it, and then the late one starts as well: two copies. (A tmux session slow to
  // get its shell going: here its command first sleeps 21 s (the launcher's 300 polls take ~17 s); a machine under heavy load or swap does that.)
  // Fix: a launcher that gives up must make sure the job can never start afterwards: kill the tmux server
  // (tmux -L rgpu-ID kill-server) or the nohup'd process group and write an exit_code (e.g. 74) before it exits,
  // and the wrapper must refuse to run when exit_code already exists.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aLaunchThatGaveUpNeverStartsTheJobAfterwards() throws Exception {
    Files.writeString(bin.resolve("fast-polls"), "");
    Files.writeString(bin.resolve("slow-session"), "4");
    Path ran = state.resolve("ran");
    Throwable failed = catchThrowable(() -> SshJobs.tmuxRunner(HOST.connection())
        .start(spec(ran).jobId("gave-up").build()));
    assertThat(failed).as("start() of a launch that gave up").hasMessageContaining("did not start within 15 s");
    JobStatus afterwards;
    try (SshConnection other = HOST.newConnection()) {
      afterwards = SshJobs.tmuxRunner(other).attach("gave-up", state.toString()).status();
    }
    LaunchAttackKit.awaitFile(ran, Duration.ofSeconds(5));
    assertThat(afterwards).as("status right after the launch gave up").isEqualTo(JobStatus.VANISHED);
    assertThat(Files.exists(ran)).as("the job of a launch that gave up (and read VANISHED) ran afterwards").isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // HELD (control): a launch under way with a correct clock is waited out by attach (STARTING, then RUNNING).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aSlowLaunchIsWaitedOutByAttach() throws Exception {
    Path ran = state.resolve("ran");
    Future<DetachedJob> launch = launchSlowly("slow", ran, 2);
    awaitLaunchBegan("slow");
    try (SshConnection other = HOST.newConnection()) {
      assertThat(SshJobs.tmuxRunner(other).attach("slow", state.toString()).status()).isEqualTo(JobStatus.RUNNING);
    }
    launch.get(10, TimeUnit.SECONDS);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /** Starts job {@code id} in the background; tmux takes {@code tmuxSeconds} to come up. The job touches {@code ran}. */
  private Future<DetachedJob> launchSlowly(String id, Path ran, int tmuxSeconds) throws IOException {
    Files.writeString(bin.resolve("slow-tmux"), Integer.toString(tmuxSeconds));
    JobRunner runner = SshJobs.tmuxRunner(HOST.connection());
    return background.submit(() -> runner.start(spec(ran).jobId(id).build()));
  }

  private JobSpec.Builder spec(Path ran) {
    return JobSpec.builder(List.of("sh", "-c", ": > \"$1\"; sleep 30", "job", ran.toString()))
        .stateDirectory(state.toString());
  }

  /** Waits until the launcher wrote the job's cmd file (the marker is there, the wrapper not yet started). */
  private void awaitLaunchBegan(String id) throws InterruptedException {
    Path cmd = state.resolve(id).resolve("cmd");
    for (int i = 0; i < 300 && !Files.exists(cmd); i++) {
      Thread.sleep(10);
    }
    assertThat(cmd).exists();
  }

  private void clockOffset(long seconds) throws IOException {
    Files.writeString(bin.resolve("clock-offset"), Long.toString(seconds));
  }

}
