package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PaperspaceSimulatorBillingTest extends SimulatorTest {

  @Override
  PaperspaceSimulator.Builder configure(PaperspaceSimulator.Builder builder) {
    return builder.transitionDelay(Duration.ofSeconds(30));
  }

  private String createWithAutoShutdown(int hours) {
    String body = "{\"name\":\"job\",\"machineType\":\"A4000\",\"templateId\":\"t0nspur5\",\"diskSize\":100,"
        + "\"region\":\"ny2\",\"publicIpType\":\"static\",\"autoShutdownEnabled\":true,"
        + "\"autoShutdownTimeout\":" + hours + ",\"autoShutdownForce\":false}";
    SimApi.Reply reply = api.post("/machines", body);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json("data").get("autoShutdownTimeout").asInt()).isEqualTo(hours);
    return reply.json("data").get("id").asText();
  }

  @Test
  void autoShutdownStopsTheMachineAtTheWindowOnTheClockAndListenersSeeIt() {
    List<String> seen = new CopyOnWriteArrayList<>();
    sim.addMachineListener((id, from, to, reason) -> seen.add(from + ">" + to + ":" + reason));
    String id = createWithAutoShutdown(3);

    clock.advance(Duration.ofHours(3));
    assertThat(sim.account().machine(id).orElseThrow().state()).isEqualTo("ready");
    assertThat(seen).noneMatch(s -> s.endsWith("auto-shutdown"));

    clock.advance(Duration.ofSeconds(30));
    assertThat(sim.account().machine(id).orElseThrow().state()).isEqualTo("stopping");
    clock.advance(Duration.ofSeconds(30));
    assertThat(api.get("/machines/" + id).json("state").asText()).isEqualTo("off");
    assertThat(seen).endsWith("ready>stopping:auto-shutdown", "stopping>off:auto-shutdown");
    assertThat(api.get("/machine-events?machineId=" + id).json("items").get(0).get("name").asText())
        .isEqualTo("stop");
  }

  @Test
  void meterKeepsChargingStorageAndStaticIpWhileOffButNotCompute() {
    String id = createWithAutoShutdown(3);
    clock.advance(Duration.ofHours(10));
    assertThat(sim.account().machine(id).orElseThrow().state()).isEqualTo("off");
    String ip = sim.account().machine(id).orElseThrow().publicIp().orElseThrow();

    Money compute = sim.meter().accrued(BillableKind.MACHINE, id);
    assertThat(compute).isEqualTo(Money.usd("3.04"));
    Money storageHour = Rate.monthly(Money.usd("7")).perHour();
    assertThat(sim.meter().accrued(BillableKind.BLOCK_STORAGE, id)).isEqualTo(storageHour.times(10));
    assertThat(sim.meter().accrued(BillableKind.PUBLIC_IP, ip)).isEqualTo(Money.usd("0.045"));

    clock.advance(Duration.ofHours(5));
    assertThat(sim.meter().accrued(BillableKind.MACHINE, id)).as("no compute while off").isEqualTo(compute);
    assertThat(sim.meter().accrued(BillableKind.BLOCK_STORAGE, id)).isEqualTo(storageHour.times(15));
    assertThat(sim.meter().accrued(BillableKind.PUBLIC_IP, ip)).isEqualTo(Money.usd("0.0675"));
    assertThat(sim.meter().total()).isEqualTo(compute.plus(storageHour.times(15)).plus(Money.usd("0.0675")));
  }

  @Test
  void staticIpIsCappedAtThreeDollarsPerCalendarMonth() {
    SimPublicIp ip = sim.account().addStaticIp("ny2");
    clock.advance(Duration.ofDays(31));
    assertThat(sim.meter().accrued(BillableKind.PUBLIC_IP, ip.ip())).isEqualTo(Money.usd("3.00"));
    clock.advance(Duration.ofDays(1));
    assertThat(sim.meter().accrued(BillableKind.PUBLIC_IP, ip.ip())).isEqualTo(Money.usd("3.108"));
  }

  @Test
  void orphanSnapshotsAndSharedDrivesBillPerGbMonth() {
    SimSnapshot snapshot = sim.account().addSnapshot(Optional.empty(), "orphan", 100);
    SimSharedDrive drive = sim.account().addSharedDrive("data", "ca1", 50);
    clock.advance(Duration.ofDays(31));
    assertThat(sim.meter().accrued(BillableKind.SNAPSHOT, snapshot.id())).isEqualTo(Money.usd("29"));
    assertThat(sim.meter().accrued(BillableKind.SHARED_STORAGE, drive.id())).isEqualTo(Money.usd("14.5"));
    assertThat(sim.meter().charges()).hasSize(2);
  }

  @Test
  void autoShutdownUpdateIsIgnoredByDefaultAndCanBeAppliedOrRejected() {
    String id = createWithAutoShutdown(3);
    clock.advance(Duration.ofMinutes(2));
    SimApi.Reply ignored = api.put("/machines/" + id, "{\"autoShutdownTimeout\":1}");
    assertThat(ignored.status()).isEqualTo(200);
    assertThat(ignored.json("data").get("autoShutdownTimeout").asInt()).isEqualTo(3);
    assertThat(ignored.body().has("event")).isFalse();

    sim.settings().autoShutdownUpdate(AutoShutdownUpdateMode.REJECT);
    SimApi.Reply rejected = api.put("/machines/" + id, "{\"autoShutdownTimeout\":1}");
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json("issues").get(0).get("path").get(0).asText()).isEqualTo("autoShutdownTimeout");

    sim.settings().autoShutdownUpdate(AutoShutdownUpdateMode.APPLY);
    assertThat(api.put("/machines/" + id, "{\"autoShutdownTimeout\":1}").json("data").get("autoShutdownTimeout")
        .asInt()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(59));
    assertThat(sim.account().machine(id).orElseThrow().state()).isEqualTo("off");
  }
}
