package dev.remotegpu.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Third round of launch attacks around "Launcher looks a killed launch's leftover up again after the adoption
 * settle": a second machine beside a leftover, and waits the settle adds where nothing can be pending.
 */
class LaunchAttack3Test {
  private static final LaunchRequest REQUEST = LaunchRequest.of("A4000", "ny2").runId("t")
      .retry(Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMillis(2));
  private static final LaunchCandidate A4000 = new LaunchCandidate("A4000", "ny2");

  /** A clock the sleeps advance, and every sleep recorded. */
  static final class SimTime extends Clock {
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    TimeSource source() {
      return new TimeSource(this, d -> {
        sleeps.add(d);
        now = now.plus(d);
      });
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * Failed before its fix (slowdown brought by this change). Capacity failures leave intents without id for ever (a clear "no
   * capacity" never made a machine, but the ledger does not say so). Every later launch of the same run (a
   * relaunch after a preemption, hours later) now sleeps the whole adoption settle for them, and looks the account
   * up twice, though an intent hours old cannot be a machine the listing has not caught up with yet. With a settle
   * raised for a slow listing (30 s here) every relaunch of such a run pays it.
   */
  @Test
  void aRelaunchHoursAfterCapacityFailuresSleepsTheSettleForIntentsThatNeverMadeAMachine() {
    SimTime time = new SimTime();
    LauncherTest.FakeTarget target = new LauncherTest.FakeTarget();
    target.noCapacity = 3;
    LaunchLedger ledger = LaunchLedgers.inMemory(time);
    Launcher<String> launcher = Launcher.builder(target).ledger(ledger).timeSource(time.source())
        .adoptionSettle(Duration.ofSeconds(30)).build();
    launcher.launch(REQUEST);
    assertThat(ledger.entries()).filteredOn(e -> e.machineId().isEmpty()).hasSize(3);

    time.now = time.now.plus(Duration.ofHours(3)); // the machine was preempted; the run launches again
    time.sleeps.clear();
    launcher.launch(REQUEST);

    assertThat(time.sleeps).as("sleeps of the relaunch").doesNotContain(Duration.ofSeconds(30));
  }

  /**
   * Failed before its fix (residual of this change: one fixed re-look). A killed launch's create took effect; the resumed launch
   * comes a moment later and the listing shows the machine only after longer than one settle. The second look-up
   * finds nothing, so a second machine is created beside the leftover, both billing.
   */
  @Test
  void aLeftoverListedOnlyAfterMoreThanOneSettleStillGetsASecondMachineBesideIt() {
    SimTime time = new SimTime();
    LaunchLedger ledger = LaunchLedgers.inMemory(time);
    ledger.recordIntent("t", "rgpu-t-crashed1", A4000); // recorded now: the create was sent a moment ago
    Instant listedFrom = time.now.plus(Duration.ofSeconds(5));
    LauncherTest.FakeTarget target = new LauncherTest.FakeTarget() {
      @Override
      public Optional<String> findByName(String machineName) {
        return time.instant().isBefore(listedFrom) && machineName.equals("rgpu-t-crashed1") ? Optional.empty()
            : super.findByName(machineName);
      }
    };
    target.machinesByName.put("rgpu-t-crashed1", "ps-orphan");

    String id = Launcher.builder(target).ledger(ledger).timeSource(time.source())
        .adoptionSettle(Duration.ofSeconds(2)).build().launch(REQUEST);

    assertThat(target.machinesByName).as("machines in the account").hasSize(1);
    assertThat(id).isEqualTo("ps-orphan");
  }

  /**
   * Failed before its fix (not closed by this change). Two launches of the run were killed after their creates took effect (the
   * second did not see the first's machine in time). The resumed launch finds both, adopts the first and leaves the
   * second's id unrecorded: the ledger does not own it, so the audit calls it UNKNOWN and a teardown of run "t"
   * (runsToDestroy) does not destroy it. It bills on unseen.
   */
  @Test
  void aSecondLeftoverFoundBesideTheAdoptedOneIsNeverRecordedAsTheRunsMachine() {
    LaunchLedger ledger = LaunchLedgers.inMemory();
    ledger.recordIntent("t", "rgpu-t-crashed1", A4000);
    ledger.recordIntent("t", "rgpu-t-crashed2", A4000);
    LauncherTest.FakeTarget target = new LauncherTest.FakeTarget();
    target.machinesByName.put("rgpu-t-crashed1", "ps-orphan1");
    target.machinesByName.put("rgpu-t-crashed2", "ps-orphan2");

    String id = Launcher.builder(target).ledger(ledger).adoptionSettle(Duration.ZERO).build().launch(REQUEST);

    assertThat(id).isEqualTo("ps-orphan1");
    assertThat(ledger.ownsMachine("ps-orphan2")).as("the run's second leftover is on the books").isTrue();
  }
}
