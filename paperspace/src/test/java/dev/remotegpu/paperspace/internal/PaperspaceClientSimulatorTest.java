package dev.remotegpu.paperspace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.AuthenticationException;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.paperspace.internal.ApiTypes.CreateMachine;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineEvent;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import dev.remotegpu.paperspace.internal.ApiTypes.PublicIp;
import dev.remotegpu.paperspace.internal.ApiTypes.Wrapped;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.MachineSeed;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.paperspace.SimMachine;
import dev.remotegpu.testfixtures.paperspace.SimSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API client against the stateful simulator, endpoint family by endpoint family. */
class PaperspaceClientSimulatorTest {
  SimulatedClock clock;
  PaperspaceSimulator sim;
  PaperspaceClient client;

  @BeforeEach
  void start() {
    clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build().start();
    client = client(sim.apiKey());
  }

  PaperspaceClient client(String key) {
    return new PaperspaceClient(key, HttpUrl.get(sim.baseUrl()), new OkHttpClient(), 3, Duration.ofMillis(1),
        Duration.ofMillis(5));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void listingMoreMachinesThanAPageHoldsFollowsTheCursor() {
    for (int i = 0; i < 130; i++) {
      sim.account().addMachine(MachineSeed.of("m" + i, "A4000", "ny2").withPublicIpType(PublicIpType.NONE));
    }

    List<MachineJson> all = client.listMachines(Map.of());

    assertThat(all).hasSize(130).extracting(MachineJson::id).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sim.account().machines().stream().map(SimMachine::id).toList());
    assertThat(sim.requestCount("GET", "/v1/machines")).isEqualTo(2);
    assertThat(client.listMachines(Map.of("name", "m7"))).extracting(MachineJson::name).contains("m7");
  }

  @Test
  void aMachineGoesThroughCreateStopStartRestartUpdateAndDeleteWithEvents() {
    Wrapped<MachineJson> created = client.createMachine(new CreateMachine("life", "A4000", "t0nspur5", 100, "ny2",
        null, "dynamic", null, null, null, true, 4, true, null, null, null, null, false, true, null, null));
    String id = created.data().id();
    assertThat(created.event().name()).isEqualTo("create");
    MachineEvent done = client.awaitEvent(created.event().id(), Duration.ofSeconds(5), Duration.ofMillis(5));
    assertThat(done.state()).isEqualTo("done");
    assertThat(client.getMachine(id).state()).isEqualTo("ready");
    assertThat(client.machineAvailable("A4000", "ny2")).isTrue();

    Wrapped<MachineJson> stopped = client.stopMachine(id);
    client.awaitEvent(stopped.event().id(), Duration.ofSeconds(5), Duration.ofMillis(5));
    assertThat(client.getMachine(id).state()).isEqualTo("off");
    assertThat(client.getMachine(id).publicIp()).isNull();

    client.awaitEvent(client.startMachine(id).event().id(), Duration.ofSeconds(5), Duration.ofMillis(5));
    assertThat(client.getMachine(id).state()).isEqualTo("ready");
    client.awaitEvent(client.restartMachine(id).event().id(), Duration.ofSeconds(5), Duration.ofMillis(5));
    assertThat(client.getMachine(id).state()).isEqualTo("ready");

    client.updateMachine(id, new ApiTypes.UpdateMachine("renamed", null, null, null, null, null, null, null, null,
        null, null, null, null, null));
    assertThat(client.getMachine(id).name()).isEqualTo("renamed");
    assertThat(client.listEvents(id)).extracting(MachineEvent::name).contains("create", "stop", "start", "restart");

    client.deleteMachine(id);
    assertThatThrownBy(() -> client.getMachine(id)).isInstanceOf(NotFoundException.class);
    assertThat(sim.account().machines()).isEmpty();
  }

  @Test
  void aStaticIpIsClaimedAssignedUnassignedAndReleased() {
    SimMachine machine = sim.account().addMachine(MachineSeed.of("ip-holder", "A4000", "ny2")
        .withPublicIpType(PublicIpType.NONE));

    PublicIp ip = client.claimPublicIp("ny2");
    assertThat(client.assignPublicIp(ip.ip(), machine.id()).assignedMachineId()).isEqualTo(machine.id());
    assertThat(client.listPublicIps("ny2")).extracting(PublicIp::assignedMachineId).contains(machine.id());
    assertThat(client.assignPublicIp(ip.ip(), null).assignedMachineId()).isNull();
    assertThat(client.releasePublicIp(ip.ip()).ip()).isEqualTo(ip.ip());
    assertThat(client.listPublicIps(null)).isEmpty();
  }

  @Test
  void snapshotsDrivesNetworksAndTemplatesAreListedAndDeleted() {
    SimSnapshot orphan = sim.account().addSnapshot(Optional.empty(), "orphan", 80);
    sim.account().addSharedDrive("data", "ny2", 500);

    assertThat(client.listSnapshots(null)).extracting(ApiTypes.Snapshot::id).containsExactly(orphan.id());
    client.deleteSnapshot(orphan.id());
    assertThat(client.listSnapshots(null)).isEmpty();

    List<ApiTypes.SharedDrive> drives = client.listSharedDrives();
    assertThat(drives).singleElement().satisfies(d -> assertThat(d.toString()).doesNotContain(d.password()));
    assertThat(client.listPrivateNetworks()).extracting(ApiTypes.PrivateNetwork::id)
        .contains(drives.get(0).networkId());
    client.deleteSharedDrive(drives.get(0).id());
    assertThat(client.listSharedDrives()).isEmpty();

    assertThat(client.listOsTemplates()).extracting(ApiTypes.OsTemplate::id).contains("t0nspur5");
    assertThat(client.listCustomTemplates()).isEmpty();
    assertThat(client.accountStanding().isInGoodStanding()).isTrue();
  }

  @Test
  void aWrongKeyIsAnAuthenticationFailureThatIsNotRetried() {
    assertThatThrownBy(() -> client("not-the-key").listMachines(Map.of()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageNotContaining("not-the-key");
    assertThat(sim.requestCount("GET", "/v1/machines")).isEqualTo(1);
  }
}
