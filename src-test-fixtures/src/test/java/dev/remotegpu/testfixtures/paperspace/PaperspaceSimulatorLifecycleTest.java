package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PaperspaceSimulatorLifecycleTest extends SimulatorTest {

  @Override
  PaperspaceSimulator.Builder configure(PaperspaceSimulator.Builder builder) {
    return builder.transitionDelay(Duration.ofSeconds(30));
  }

  private String state(String id) {
    return api.get("/machines/" + id).json("state").asText();
  }

  @Test
  void createRunsThroughProvisioningToReadyOnTheClockWithAStaticIpFromTheStart() {
    SimApi.Reply created = api.post("/machines", SimApi.createBody("train-01", "A4000", "ny2", "static"));

    assertThat(created.status()).isEqualTo(200);
    JsonNode machine = created.json("data");
    String id = machine.get("id").asText();
    assertThat(id).startsWith("ps").hasSize(12);
    assertThat(machine.get("state").asText()).isEqualTo("provisioning");
    assertThat(machine.get("publicIp").asText()).startsWith("203.0.113.");
    assertThat(machine.get("usageRate").decimalValue()).isEqualByComparingTo("0.76");
    assertThat(machine.get("storageRate").decimalValue()).isEqualByComparingTo("7");
    JsonNode event = created.json("event");
    assertThat(event.get("name").asText()).isEqualTo("create");
    assertThat(event.get("state").asText()).isEqualTo("new");
    assertThat(event.get("machineId").asText()).isEqualTo(id);

    String eventPath = "/machine-events/" + event.get("id").asText();
    assertThat(api.get(eventPath).json("state").asText()).isEqualTo("in progress");
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(id)).isEqualTo("starting");
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(id)).isEqualTo("serviceready");
    clock.advance(Duration.ofSeconds(29));
    assertThat(state(id)).isEqualTo("serviceready");
    clock.advance(Duration.ofSeconds(1));
    assertThat(state(id)).isEqualTo("ready");
    JsonNode done = api.get(eventPath).body();
    assertThat(done.get("state").asText()).isEqualTo("done");
    assertThat(done.get("dtFinished").asText()).isEqualTo("2026-01-01T00:01:30.000Z");
    assertThat(api.get("/machines/" + id).json("publicIp").asText()).isEqualTo(machine.get("publicIp").asText());
  }

  @Test
  void dynamicIpExistsOnlyWhileRunningAndChangesOnEachStartWhileAStaticOneStays() {
    String dynamicId = api.post("/machines", SimApi.createBody("dyn", "P4000", "ny2", "dynamic"))
        .json("data").get("id").asText();
    String staticId = api.post("/machines", SimApi.createBody("sta", "P4000", "ny2", "static"))
        .json("data").get("id").asText();
    assertThat(api.get("/machines/" + dynamicId).json("publicIp").isNull()).isTrue();
    clock.advance(Duration.ofMinutes(2));
    String firstIp = api.get("/machines/" + dynamicId).json("publicIp").asText();
    String staticIp = api.get("/machines/" + staticId).json("publicIp").asText();
    assertThat(firstIp).isNotBlank();

    assertThat(api.patch("/machines/" + dynamicId + "/stop", "", "text/plain").status()).isEqualTo(200);
    assertThat(api.patch("/machines/" + staticId + "/stop", "{}", "application/json").status()).isEqualTo(200);
    assertThat(state(dynamicId)).isEqualTo("stopping");
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(dynamicId)).isEqualTo("off");
    assertThat(api.get("/machines/" + dynamicId).json("publicIp").isNull()).isTrue();
    assertThat(api.get("/machines/" + staticId).json("publicIp").asText()).isEqualTo(staticIp);

    SimApi.Reply started = api.patch("/machines/" + dynamicId + "/start", "", "application/json");
    assertThat(started.json("event").get("name").asText()).isEqualTo("start");
    assertThat(started.json("data").get("state").asText()).isEqualTo("starting");
    clock.advance(Duration.ofMinutes(1));
    assertThat(state(dynamicId)).isEqualTo("ready");
    String secondIp = api.get("/machines/" + dynamicId).json("publicIp").asText();
    assertThat(secondIp).isNotBlank().isNotEqualTo(firstIp);
  }

  @Test
  void startOrStopInTheWrongStateIsABadRequest() {
    String id = api.post("/machines", SimApi.createBody("x", "C5", "ny2", "none")).json("data").get("id").asText();
    SimApi.Reply early = api.patch("/machines/" + id + "/start", "", "text/plain");
    assertThat(early.status()).isEqualTo(400);
    assertThat(early.json("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(early.json("message").asText()).contains(id).contains("provisioning");
    clock.advance(Duration.ofMinutes(2));
    assertThat(api.get("/machines/" + id).json("publicIp").isNull()).isTrue();
    api.patch("/machines/" + id + "/stop", "", "text/plain");
    clock.advance(Duration.ofMinutes(1));
    assertThat(api.patch("/machines/" + id + "/stop", "", "text/plain").status()).isEqualTo(400);
  }

  @Test
  void restartGoesThroughRestartingBackToReady() {
    String id = api.post("/machines", SimApi.createBody("r", "A5000", "ca1", "static")).json("data").get("id")
        .asText();
    clock.advance(Duration.ofMinutes(2));
    SimApi.Reply restart = api.patch("/machines/" + id + "/restart", "", "text/plain");
    assertThat(restart.json("data").get("state").asText()).isEqualTo("restarting");
    assertThat(restart.json("event").get("name").asText()).isEqualTo("restart");
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(id)).isEqualTo("ready");
  }

  @Test
  void withTheSwitchOnAMachinesSnapshotsSurviveItsDeleteAndKeepBilling() {
    sim.settings().snapshotsSurviveMachineDelete(true);
    String id = api.post("/machines", SimApi.createBody("kept", "A4000", "ny2", "dynamic")).json("data").get("id")
        .asText();
    clock.advance(Duration.ofMinutes(2));
    String snapshotId = api.post("/snapshots", "{\"name\":\"nightly\",\"machineId\":\"" + id + "\"}")
        .json("data").get("id").asText();

    assertThat(api.delete("/machines/" + id).status()).isEqualTo(200);
    clock.advance(Duration.ofHours(3));

    assertThat(sim.account().snapshots()).extracting(SimSnapshot::id).containsExactly(snapshotId);
    assertThat(api.get("/snapshots/" + snapshotId).status()).isEqualTo(200);
    assertThat(sim.meter().accrued(dev.remotegpu.core.BillableKind.SNAPSHOT, snapshotId).isZero()).isFalse();
  }

  @Test
  void deleteAnswersDeactivateThenTheMachineIs404AndItsSnapshotsGoButOrphansStay() {
    String id = api.post("/machines", SimApi.createBody("gone", "A4000", "ny2", "static")).json("data").get("id")
        .asText();
    clock.advance(Duration.ofMinutes(2));
    SimApi.Reply snapshot = api.post("/snapshots", "{\"name\":\"before\",\"machineId\":\"" + id + "\"}");
    assertThat(snapshot.json("event").get("name").asText()).isEqualTo("snapshot-create");
    SimSnapshot orphan = sim.account().addSnapshot(Optional.empty(), "old-run", 40);

    SimApi.Reply deleted = api.delete("/machines/" + id);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json("event").get("name").asText()).isEqualTo("deactivate");
    assertThat(deleted.json("data").get("dtDeleted").isTextual()).isTrue();

    SimApi.Reply missing = api.get("/machines/" + id);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(missing.json("message").asText()).contains(id);
    assertThat(sim.account().snapshots()).extracting(SimSnapshot::id).containsExactly(orphan.id());
    assertThat(api.get("/snapshots").json("items")).hasSize(1);
    assertThat(sim.account().publicIps()).singleElement()
        .satisfies(ip -> assertThat(ip.assignedMachineId()).isEmpty());
    clock.advance(Duration.ofSeconds(30));
    assertThat(api.get("/machine-events/" + deleted.json("event").get("id").asText()).json("state").asText())
        .isEqualTo("done");
  }

  @Test
  void listenersSeeEveryTransitionWithItsReason() {
    List<String> seen = new CopyOnWriteArrayList<>();
    sim.addMachineListener((id, from, to, reason) -> seen.add(from + ">" + to + ":" + reason));
    String id = api.post("/machines", SimApi.createBody("l", "A4000", "ny2", "none")).json("data").get("id")
        .asText();
    clock.advance(Duration.ofMinutes(2));
    api.patch("/machines/" + id + "/stop", "", "text/plain");
    clock.advance(Duration.ofMinutes(1));
    sim.account().powerOn(id);
    clock.advance(Duration.ofMinutes(2));
    sim.account().powerOff(id, "host-maintenance");

    assertThat(seen).containsExactly(
        "none>provisioning:create", "provisioning>starting:create", "starting>serviceready:create",
        "serviceready>ready:create", "ready>stopping:api-stop", "stopping>off:api-stop",
        "off>starting:out-of-band", "starting>serviceready:out-of-band", "serviceready>ready:out-of-band",
        "ready>off:host-maintenance");
  }

  @Test
  void startOnCreateFalseEndsOffAndEventsFilterByMachine() {
    String body = "{\"name\":\"cold\",\"machineType\":\"a4000\",\"templateId\":\"t0nspur5\",\"diskSize\":50,"
        + "\"region\":\"East Coast (NY2)\",\"startOnCreate\":false,\"someFutureField\":42}";
    SimApi.Reply created = api.post("/machines", body);
    assertThat(created.status()).isEqualTo(200);
    String id = created.json("data").get("id").asText();
    assertThat(created.json("data").get("machineType").asText()).isEqualTo("A4000");
    assertThat(created.json("data").get("region").asText()).isEqualTo("ny2");
    api.post("/machines", SimApi.createBody("other", "A4000", "NY2", "none"));
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(id)).isEqualTo("off");
    JsonNode events = api.get("/machine-events?machineId=" + id).json("items");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("state").asText()).isEqualTo("done");
  }

  @Test
  void publicIpsCanBeClaimedAssignedUnassignedAndReleased() {
    String id = api.post("/machines", SimApi.createBody("ip", "A4000", "ams1", "none")).json("data").get("id")
        .asText();
    SimApi.Reply claimed = api.post("/public-ips", "{\"region\":\"Europe (AMS1)\"}");
    String ip = claimed.json("ip").asText();
    assertThat(claimed.json("region").asText()).isEqualTo("ams1");
    assertThat(claimed.body().has("assignedMachineId")).isFalse();

    SimApi.Reply assigned = api.put("/public-ips/" + ip, "{\"machineId\":\"" + id + "\"}");
    assertThat(assigned.json("assignedMachineId").asText()).isEqualTo(id);
    assertThat(api.get("/machines/" + id).json("publicIp").asText()).isEqualTo(ip);
    assertThat(api.get("/machines/" + id).json("publicIpType").asText()).isEqualTo("static");

    SimApi.Reply unassigned = api.put("/public-ips/" + ip, "{\"machineId\":null}");
    assertThat(unassigned.body().has("assignedMachineId")).isFalse();
    assertThat(api.get("/machines/" + id).json("publicIp").isNull()).isTrue();

    assertThat(api.delete("/public-ips/" + ip).json("ip").asText()).isEqualTo(ip);
    assertThat(api.get("/public-ips").json("items")).isEmpty();
    assertThat(api.delete("/public-ips/" + ip).status()).isEqualTo(404);
  }

  @Test
  void sharedDrivesAndPrivateNetworksAndCustomTemplatesWork() {
    SimApi.Reply network = api.post("/private-networks", "{\"name\":\"net-a\",\"region\":\"ny2\"}");
    assertThat(network.status()).isEqualTo(200);
    String networkId = network.json("id").asText();
    assertThat(network.json("netmask").asText()).isEqualTo("255.255.255.0");
    SimApi.Reply drive = api.post("/shared-drives",
        "{\"name\":\"data\",\"size\":1000,\"region\":\"ny2\",\"networkId\":\"" + networkId + "\"}");
    assertThat(drive.status()).isEqualTo(200);
    assertThat(drive.json("size").asLong()).isEqualTo(1000);
    assertThat(api.get("/shared-drives").json("items")).hasSize(1);
    assertThat(api.get("/private-networks").json("items")).hasSize(1);
    assertThat(api.get("/custom-templates").json("items")).isEmpty();
    assertThat(api.delete("/shared-drives/" + drive.json("id").asText()).json("id").asText())
        .isEqualTo(drive.json("id").asText());
    assertThat(sim.account().sharedDrives()).isEmpty();
  }

  @Test
  void networksAndDrivesFilterByNameAndRegionRenameAndAnswer404ForUnknownIds() {
    String ny = api.post("/private-networks", "{\"name\":\"net-ny\",\"region\":\"ny2\"}").json("id").asText();
    api.post("/private-networks", "{\"name\":\"net-ams\",\"region\":\"ams1\"}");
    String drive = api.post("/shared-drives",
        "{\"name\":\"data\",\"size\":100,\"region\":\"ny2\",\"networkId\":\"" + ny + "\"}").json("id").asText();

    assertThat(api.get("/private-networks?name=net-ams").json("items")).extracting(n -> n.get("name").asText())
        .containsExactly("net-ams");
    assertThat(api.get("/private-networks?region=ny2").json("items")).extracting(n -> n.get("id").asText())
        .containsExactly(ny);
    assertThat(api.get("/private-networks?orderBy=name&order=asc").json("items"))
        .extracting(n -> n.get("name").asText()).containsExactly("net-ams", "net-ny");
    assertThat(api.get("/shared-drives?name=other").json("items")).isEmpty();

    assertThat(api.put("/private-networks/" + ny, "{\"name\":\"net-main\"}").json("name").asText())
        .isEqualTo("net-main");
    assertThat(api.get("/private-networks/" + ny).json("name").asText()).isEqualTo("net-main");
    assertThat(api.put("/shared-drives/" + drive, "{\"name\":\"datasets\"}").json("name").asText())
        .isEqualTo("datasets");
    assertThat(api.get("/shared-drives?name=datasets").json("items")).hasSize(1);

    SimApi.Reply missing = api.put("/shared-drives/nope", "{\"name\":\"x\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json("message").asText()).isEqualTo("Shared drive not found: nope");
    assertThat(api.get("/private-networks/nope").json("message").asText())
        .isEqualTo("Private network not found: nope");
    assertThat(api.get("/snapshots/nope").status()).isEqualTo(404);
  }

  @Test
  void resizeNeedsAnOffMachineGrowsDisksOnlyAndStaysInTheTypeGroup() {
    String id = api.post("/machines", SimApi.createBody("big", "A4000", "ny2", "none")).json("data").get("id")
        .asText();
    clock.advance(Duration.ofMinutes(2));
    SimApi.Reply running = api.put("/machines/" + id, "{\"machineType\":\"a100-80g\",\"diskSize\":250}");
    assertThat(running.status()).isEqualTo(400);
    assertThat(running.json("message").asText()).contains("must be off");
    api.patch("/machines/" + id + "/stop", "", "text/plain");
    clock.advance(Duration.ofMinutes(1));

    SimApi.Reply shrink = api.put("/machines/" + id, "{\"diskSize\":50}");
    assertThat(shrink.json("issues").get(0).get("path").get(0).asText()).isEqualTo("diskSize");
    SimApi.Reply crossGroup = api.put("/machines/" + id, "{\"machineType\":\"C5\"}");
    assertThat(crossGroup.json("issues").get(0).get("path").get(0).asText()).isEqualTo("machineType");

    SimApi.Reply resized = api.put("/machines/" + id, "{\"machineType\":\"a100-80g\",\"diskSize\":250}");
    assertThat(resized.status()).isEqualTo(200);
    assertThat(resized.json("data").get("state").asText()).isEqualTo("upgrading");
    assertThat(resized.json("data").get("machineType").asText()).isEqualTo("A100-80G");
    assertThat(resized.json("data").get("storageRate").decimalValue()).isEqualByComparingTo("10");
    assertThat(resized.json("event").get("name").asText()).isEqualTo("vm-upgrade");
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(id)).isEqualTo("off");
    assertThat(sim.account().machine(id).orElseThrow().diskSizeGb()).isEqualTo(250);
  }
}
