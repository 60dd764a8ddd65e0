package dev.remotegpu.paperspace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.cost.AccountSpend;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.cost.SpendMeter;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Third round of money attacks on the budget guard and the spend reports around "unpriced" rates (commit
 * "BudgetGuard charges what the platform leaves unpriced..."). WireMock serves the real API's JSON shapes.
 */
class MoneyAttack3Test {
  private static final String ID = "psm9u09bwu5i";
  private static final Rate A4000 = Rate.hourly(Money.usd("0.76"));
  private static final Rate DISK = Rate.monthly(Money.usd("73.00")); // $0.10 per hour
  private static final Instant NOW = Instant.parse("2024-08-02T14:30:00Z");

  WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String machine(String usageRate, String storageRate, String state) {
    return PaperspaceClientWireMockTest.MACHINE
        .replace("\"usageRate\":0.76", "\"usageRate\":" + usageRate)
        .replace("\"storageRate\":0.0", "\"storageRate\":" + storageRate)
        .replace("\"state\":\"ready\"", "\"state\":\"" + state + "\"");
  }

  private static String event(String id, String name, String at, String finished) {
    return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"state\":\"done\",\"machineId\":\"" + ID + "\","
        + "\"dtCreated\":\"" + at + "\",\"dtStarted\":\"" + at + "\",\"dtFinished\":\"" + finished + "\","
        + "\"error\":null}";
  }

  private void events(String... events) {
    server.stubFor(get(urlPathEqualTo("/v1/machine-events"))
        .willReturn(okJson("{\"items\":[" + String.join(",", events) + "],\"hasMore\":false}")));
  }

  /** GET /machines/{id} answers {@code first} once, then {@code later} for ever. */
  private void machineAnswers(String first, String later) {
    server.stubFor(get(urlPathEqualTo("/v1/machines/" + ID)).inScenario("rate")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(first)).willSetStateTo("later"));
    server.stubFor(get(urlPathEqualTo("/v1/machines/" + ID)).inScenario("rate")
        .whenScenarioStateIs("later").willReturn(okJson(later)));
  }

  private void emptyAccountOtherwise(String listed) {
    server.stubFor(get(urlPathEqualTo("/v1/machines"))
        .willReturn(okJson("{\"items\":[" + listed + "],\"hasMore\":false}")));
    for (String path : new String[] {"public-ips", "snapshots", "shared-drives", "custom-templates"}) {
      server.stubFor(get(urlPathEqualTo("/v1/" + path)).willReturn(okJson("{\"items\":[],\"hasMore\":false}")));
    }
  }

  private PaperspacePlatform platform() {
    return PaperspacePlatform.builder().apiKey("k").baseUrl(server.baseUrl() + "/v1")
        .clock(SimulatedClock.at("2024-08-02T14:30:00Z")).ledger(LaunchLedgers.inMemory())
        .checkAccountStanding(false).build();
  }

  /**
   * Failed before its fix (regression of this change). The run fell back to a dearer candidate (an A100 at $2.30/h; the guard was
   * built with the A4000's $0.76/h it expected). The first check read the machine's usageRate; a later GET leaves
   * it out (null). Before the change a missing rate never replaced a rate seen ("remembered per machine"); now
   * {@code ratesSeen.put(id, rates(m))} overwrites $2.30 with "unpriced", the guard fills in its own $0.76, and the
   * machine runs an hour the budget cannot pay for.
   */
  @Test
  void aRateOnceSeenIsForgottenWhenALaterReadLeavesItOutAndTheGuardUndercharges() {
    machineAnswers(machine("2.30", "73.0", "ready"), machine("null", "73.0", "ready"));
    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"));
    PaperspacePlatform platform = platform();
    // 10:00-15:00 at $2.40/h is $12.00; to the next checkpoint (15:30) it is $14.40.
    BudgetGuard guard = BudgetGuard.of(Money.usd("13.00"), Duration.ofHours(1), A4000, DISK);

    BudgetDecision first = guard.decide(platform.billedHistory(ID).orElseThrow(), NOW);
    assertThat(first.stop()).isTrue();

    BudgetDecision second = guard.decide(platform.billedHistory(ID).orElseThrow(), NOW);
    assertThat(second.atNextCheckpoint()).isEqualTo(Money.usd("14.40"));
    assertThat(second.stop()).as(second.reason()).isTrue();
  }

  /**
   * Failed before its fix (regression of this change). Same forgetting, seen in the account's spend: a machine whose price was read
   * a moment ago drops out of {@link SpendMeter#ofAccount} as soon as a read leaves usageRate out (before the
   * change the remembered $2.30/h kept it in).
   */
  @Test
  void aMachineWhosePriceWasSeenDropsOutOfTheAccountSpendWhenALaterReadLeavesItOut() {
    String later = machine("null", "73.0", "ready");
    machineAnswers(machine("2.30", "73.0", "ready"), later);
    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"));
    emptyAccountOtherwise(later);
    PaperspacePlatform platform = platform();
    assertThat(platform.billedHistory(ID)).isPresent(); // the price is seen: $2.30/h

    assertThat(SpendMeter.ofAccount(platform, NOW)).extracting(e -> e.machineId()).containsExactly(ID);
  }

  /**
   * Failed before its fix. The guard's own disk rate is zero (the caller did not know the disk's price, or passed Rate.FREE as
   * "no disk"). An API "storageRate":0.0 is then filled in at $0.00/h: exactly the bug the change fixed, and the
   * Javadoc's "never at nothing" does not hold. The disk bills $0.10/h; the budget pays for compute only.
   */
  @Test
  void aGuardWhoseDiskRateIsZeroStillChargesAnUnpricedDiskAtNothing() {
    machineAnswers(machine("0.76", "0.0", "ready"), machine("0.76", "0.0", "ready"));
    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"));
    Money budget = A4000.perHour().times(6).plus(Money.usd("0.01"));

    // Either the guard refuses an unknown disk price, or it must not count the disk at nothing: it refuses.
    assertThatThrownBy(() -> BudgetGuard.of(budget, Duration.ofHours(1), A4000, Rate.FREE))
        .isInstanceOf(ValidationException.class).hasMessageContaining("storage rate is zero");
  }

  /**
   * Failed before its fix (pre-existing, not closed by this change). Rates that change between checks: the machine ran 10:00-13:00
   * as an A100 ($2.30/h), was stopped and changed to an A4000 ($0.76/h), and started again at 13:10. The history is
   * priced with the rate of the last read for every hour, so three A100 hours are counted at $0.76 and the guard
   * lets the run past its budget.
   */
  @Test
  void aMachineMadeCheaperBetweenChecksHasItsDearHoursRepricedAndTheGuardStopsTooLate() {
    machineAnswers(machine("2.30", "73.0", "ready"), machine("0.76", "73.0", "ready"));
    PaperspacePlatform platform = platform();
    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"));
    BudgetGuard guard = BudgetGuard.of(Money.usd("8.50"), Duration.ofHours(1), A4000, DISK);
    guard.decide(platform.billedHistory(ID).orElseThrow(), Instant.parse("2024-08-02T12:30:00Z"));

    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"),
        event("e2", "stop", "2024-08-02T12:59:00.000Z", "2024-08-02T13:00:00.000Z"),
        event("e3", "start", "2024-08-02T13:10:00.000Z", "2024-08-02T13:11:00.000Z"));
    BudgetDecision decision = guard.decide(platform.billedHistory(ID).orElseThrow(),
        Instant.parse("2024-08-02T13:30:00Z"));

    // Billed at least: hours 10, 11, 12 at $2.30, hours 13 and 14 at $0.76, five disk hours: $8.92 > $8.50.
    assertThat(decision.atNextCheckpoint()).isGreaterThanOrEqualTo(Money.usd("8.92"));
    assertThat(decision.stop()).as(decision.reason()).isTrue();
  }

  /**
   * Failed before its fix (pre-existing; the new comment in SpendMeter.ofAccount claims "the audit keeps that machine as unknown").
   * A machine that ran four hours without a usageRate and is OFF now: ofAccount leaves it out, and the audit prices
   * an OFF machine's compute as known $0, so the account's spend says nothing is unknown while four hours of
   * compute are missing from it.
   */
  @Test
  void anOffMachineThatRanUnpricedVanishesFromTheAccountSpendWithoutAnUnknownMark() {
    String off = machine("null", "73.0", "off");
    machineAnswers(off, off);
    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"),
        event("e2", "stop", "2024-08-02T13:59:00.000Z", "2024-08-02T14:00:00.000Z"));
    emptyAccountOtherwise(off);

    AccountSpend spend = SpendMeter.account(platform(), NOW);

    boolean counted = spend.machines().stream().anyMatch(m -> m.machineId().equals(ID));
    assertThat(counted || spend.othersUnknown()).as(spend.toString()).isTrue();
  }

  /**
   * Failed before its fix (pre-existing): the machine says it runs ("ready") but its events end with a stop (the start is not
   * listed yet, or came under a name the history does not read). The history, built from events only, says OFF,
   * so the guard never stops a machine that bills.
   */
  @Test
  void aMachineTheApiSaysRunsButWhoseEventsEndWithAStopIsNeverStopped() {
    String ready = machine("0.76", "73.0", "ready");
    machineAnswers(ready, ready);
    events(event("e1", "create", "2024-08-02T10:00:00.000Z", "2024-08-02T10:01:00.000Z"),
        event("e2", "stop", "2024-08-02T10:59:00.000Z", "2024-08-02T11:00:00.000Z"));
    PaperspacePlatform platform = platform();
    BudgetGuard guard = BudgetGuard.of(Money.usd("4.00"), Duration.ofHours(1), A4000, DISK);

    BudgetDecision decision = guard.decide(platform.billedHistory(ID).orElseThrow(), NOW);

    // 10:00-16:00 running would be 6 x $0.86 = $5.16 > $4.00.
    assertThat(decision.stop()).as(decision.reason()).isTrue();
  }
}
