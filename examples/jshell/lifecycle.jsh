// One training run through its whole life, step by step, as Lifecycle.java does it: on the Paperspace simulator
// and an embedded SSH host (no key, no money, under a minute). Run it from the repository root:
//   bash examples/jshell/run.sh examples/jshell/lifecycle.jsh
// (JShell ends a statement at the first line that could end it, so chained calls here break after the dot.)
import java.nio.file.*
import java.time.*
import java.util.*
import java.util.concurrent.*
import java.util.concurrent.atomic.AtomicInteger
import dev.remotegpu.core.*
import dev.remotegpu.core.checkpoint.Verifier
import dev.remotegpu.core.job.*
import dev.remotegpu.core.launch.LaunchLedgers
import dev.remotegpu.core.run.RemoteRun
import dev.remotegpu.core.run.RunListeners
import dev.remotegpu.core.teardown.*
import dev.remotegpu.examples.Lifecycle
import dev.remotegpu.paperspace.PaperspacePlatform
import dev.remotegpu.ssh.SshRemoteAccess
import dev.remotegpu.testfixtures.SimulatedClock
import dev.remotegpu.testfixtures.paperspace.*
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost

boolean ok = false;  // the exit status: the job finished, its checkpoints verified, the teardown matched its plan
Path work = Files.createTempDirectory("remotegpu-jshell");

// 1. The world: a clock 60x faster than real time, the Paperspace API simulated on 127.0.0.1, and an SSH host with a
//    real shell standing in for the machine. Powering the simulated machine off powers the host off (its jobs die).
SimulatedClock clock = SimulatedClock.at(Instant.now());
ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
ticker.scheduleAtFixedRate(() -> clock.advance(Duration.ofSeconds(3)), 50, 50, TimeUnit.MILLISECONDS);
AtomicInteger nextIp = new AtomicInteger(10);
PaperspaceSimulator simulator = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ofSeconds(20)).
    publicIpSupplier(() -> "127.0.0." + nextIp.getAndIncrement()).build().start();
EmbeddedSshHost host = EmbeddedSshHost.builder().root(work.resolve("machine")).build();
simulator.addMachineListener((machineId, from, to, reason) -> {
  if (to.equals("off") || to.equals("deleted")) host.powerOff(); else if (to.equals("starting")) host.powerOn();
});
simulator.account().addStaticIp("ny2");                                  // not ours: reported, never touched
simulator.account().addOrphanSnapshot("someone-elses-backup", 200);      // not ours either
simulator.faults().noCapacity("A4000", "ny2", 2, CapacityFailure.CREATE_400);  // "out of capacity", twice
simulator.faults().noCapacity("A5000", "ny2", 1, CapacityFailure.CREATE_400);
simulator.settings().snapshotsSurviveMachineDelete(true);               // PS9: a snapshot outlives its machine

// 2. The SDK's two halves: the platform (REST) and the way in (SSH, pinned host key).
var platform = PaperspacePlatform.builder().apiKey(simulator.apiKey()).baseUrl(simulator.baseUrl()).clock(clock).
    ledger(LaunchLedgers.inFile(work.resolve("launches.ledger"), clock)).pollInterval(Duration.ofMillis(100)).build();
var access = SshRemoteAccess.builder().privateKey(host.clientKeyPair()).
    knownHosts(host.writeKnownHosts(work.resolve("known_hosts"))).
    endpoint(machine -> new SshEndpoint(host.endpoint().host(), host.endpoint().port(), host.user())).
    bootWait(Duration.ofSeconds(30)).
    configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100))).build();

// 3. The run: an A4000 (else an A5000) with a 2 h auto-shutdown, a job that loads its latest checkpoint at start,
//    and a verify-by-load hook (a checkpoint must parse: a step header, then a hex state line).
String root = host.root().resolve("durable").toString();
Path code = Files.createDirectories(work.resolve("code"));
Files.copy(Lifecycle.class.getResourceAsStream("train.sh"), code.resolve("train.sh"));
Verifier loadCheckpoint = file -> {
  if (!file.toString().endsWith(".ckpt")) return Verifier.Verdict.accept();
  try {
    List<String> lines = Files.readAllLines(file);
    return lines.size() == 2 && lines.get(0).matches("step=\\d+") && lines.get(1).matches("[0-9a-f]+")
        ? Verifier.Verdict.accept() : Verifier.Verdict.reject(file.getFileName() + " does not load");
  } catch (java.io.IOException e) {
    return Verifier.Verdict.reject(file.getFileName() + " cannot be read: " + e.getMessage());
  }
};
RemoteRun run = RemoteRun.on(platform).
    machine(LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2").publicIp(PublicIpType.STATIC).
        autoShutdown(Duration.ofHours(2)).runId("demo").
        retry(Duration.ofMinutes(2), Duration.ofMillis(300), Duration.ofSeconds(2))).
    access(access).
    job(JobSpec.builder(List.of("sh", root + "/code/train.sh", root + "/active/demo/ckpt", "40", "5", "0.15")).
        workingDirectory(root).stateDirectory(root + "/jobs").build()).
    checkpoints(root, work.resolve("pulled"), "demo").
    verifier(loadCheckpoint).
    listener(RunListeners.console(System.out, false)).
    clock(clock).pollInterval(Duration.ofMillis(300)).
    build();

// 4. up (danger clocks, launch attempts until capacity), push the code, start the job detached under tmux.
run.up();
run.push(code, root + "/code");
DetachedJob job = run.start();
void awaitLog(DetachedJob job, String line) throws InterruptedException {
  for (long end = System.nanoTime() + 60_000_000_000L; !job.logTail(50).contains(line); Thread.sleep(100)) {
    if (System.nanoTime() > end) throw new IllegalStateException("no '" + line + "' in " + job.logTail(10));
  }
}

// 5. An SSH drop: every connection is cut; the job lives on in tmux and we re-attach from a new connection.
awaitLog(job, "checkpoint step-10.ckpt");
host.dropAllSessions();
job = run.reattach(job.id());
System.out.println("\n== SSH drop: re-attached to " + job.id() + ", " + job.status());
awaitLog(job, "checkpoint step-15.ckpt");

// 6. The 2 h auto-shutdown fires (wall clock: SSH and tmux do not stop it, PS2); the job dies with the machine.
clock.advance(Duration.ofHours(2));
for (int i = 0; i < 300 && run.machine().refresh().state() != MachineState.OFF; i++) Thread.sleep(100);
System.out.println("\n== auto-shutdown: machine " + run.machine().id() + " is " + run.machine().refresh().state());

// 7. watch: diagnoses the vanish (PS2/PS13), starts the machine again, relaunches; the job resumes from its checkpoint.
var watched = run.watch();
System.out.println("   job " + watched.job().id() + ": " + watched.finalStatus() + " after " + watched.launches()
    + " launch(es)");
watched.job().logTail(200).stream().filter(l -> l.startsWith("resumed") || l.startsWith("training done")).
    forEach(l -> System.out.println("     " + l));

// 8. pull: seal, manifest, SHA-256 of every file, verify by load, then PULL_VERIFIED.json.
var pulled = run.pull();
simulator.account().addSnapshot(Optional.of(run.machine().id()), "nightly-auto", 100);  // a policy the user enabled

// 9. The audit, a stop-only plan (what would keep billing, PS1), then the full plan, run with the user's approvals:
//    destroy and IP release approved one by one; the snapshot delete is not, so it stays and keeps billing (PS9).
System.out.println("\n== audit: everything in the account that bills, ours or not\n" +
    ("   " + run.audit().render().stripTrailing()).replace("\n", "\n   "));
System.out.println("   a stop alone would leave " + run.planDown(TeardownRequest.stopOnly(run.machine().id())).
    residual().perMonthText() + " per month billing (PS1)");
TeardownPlan plan = run.planDown();
Approvals approvals = Approvals.reversibleOnly();
for (TeardownStep step : plan.steps()) {
  if (step.kind() == TeardownStepKind.DESTROY_MACHINE || step.kind() == TeardownStepKind.RELEASE_PUBLIC_IP) {
    System.out.println("   user approves: " + step.id());
    approvals = approvals.and(step.id());
  } else if (!step.reversible()) {
    System.out.println("   user does not approve: " + step.id());
  }
}
ExecutionReport report = run.down(plan, approvals);

// 10. The result.
ok = watched.succeeded() && pulled.verified().isPresent() && report.residualMatchesPlan();
System.out.println("\nverified pull: " + pulled.verified().map(v -> v.files() + " file(s) in " +
    work.resolve("pulled") + ", manifest sha256 " + v.manifestSha256().substring(0, 12)).orElse("none"));
System.out.println("still billing: " + report.actualResidual().perMonthText() +
    " per month; matches the plan: " + report.residualMatchesPlan());
System.out.println("simulated bill: " + simulator.meter().total().toDisplayString() + " (no real money spent)");
System.out.println(ok ? "lifecycle complete" : "lifecycle ended with a problem (see above)");
run.close();
ticker.shutdownNow();
host.close();
simulator.close();
/exit ok ? 0 : 1
