package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.PublicIpType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An account saved by one process and restored by the next keeps its ids: machines, and snapshots of gone ones. */
class SimulatedAccountRestoreTest {

  @Test
  void aRestoredMachineAndSnapshotKeepTheirIdsInTheApi() throws Exception {
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().build().start()) {
      SimMachine machine = sim.account().restoreMachine("psfixed00001",
          MachineSeed.of("rgpu-run-1", "A4000", "ny2").withState("off").withPublicIpType(PublicIpType.DYNAMIC));
      assertThat(machine.id()).isEqualTo("psfixed00001");
      assertThat(machine.state()).isEqualTo("off");
      SimSnapshot outlived = sim.account().restoreSnapshot(
          new SimSnapshot("sfixed0000000001", "nightly", Optional.of("psgone000001"), 100));
      SimSnapshot orphan = sim.account().restoreSnapshot(
          new SimSnapshot("sfixed0000000002", "backup", Optional.empty(), 200));

      SimApi api = new SimApi(sim);
      assertThat(api.get("/machines/psfixed00001").status()).isEqualTo(200);
      assertThat(sim.account().snapshots()).containsExactly(outlived, orphan);
      assertThat(outlived.machineId()).contains("psgone000001");

      assertThatThrownBy(() -> sim.account().restoreMachine("psfixed00001", MachineSeed.of("again", "A4000", "ny2")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
      assertThatThrownBy(() -> sim.account().restoreSnapshot(orphan))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
      assertThat(sim.account().machines()).hasSize(1);
      assertThat(sim.account().snapshots()).hasSize(2);
    }
  }

  @Test
  void restoredMachineEventsKeepTheirTimesAndTheMachineItsCreation() throws Exception {
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().build().start()) {
      sim.account().restoreMachine("psfixed00002", MachineSeed.of("rgpu-run-2", "A4000", "ny2").withState("off"));
      java.time.Instant created = java.time.Instant.parse("2026-01-01T10:00:00Z");
      java.time.Instant started = java.time.Instant.parse("2026-01-01T12:00:00Z");
      sim.account().restoreMachineEvent(new SimMachineEvent("psfixed00002", "create", created));
      sim.account().restoreMachineEvent(new SimMachineEvent("psfixed00002", "start", started));

      assertThat(sim.account().machineEvents()).containsExactly(
          new SimMachineEvent("psfixed00002", "create", created), new SimMachineEvent("psfixed00002", "start", started));
      SimApi api = new SimApi(sim);
      assertThat(api.get("/machines/psfixed00002").body().toString()).contains("2026-01-01T10:00:00");
      String events = api.get("/machine-events?machineId=psfixed00002").body().toString();
      assertThat(events).contains("\"start\"").contains("2026-01-01T12:00:00");
    }
  }
}
