package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.profile.DangerClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code remotegpu check}: everything that can be known before spending anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Before spending anything: the credentials, the account's standing, whether the task's machine "
        + "types can be created in their regions now, the danger clocks, and the local SSH key and known_hosts. "
        + "Exits 1 when any check FAILs.",
    footer = "%n" + ExitCodes.TABLE)
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Option(names = "--task", paramLabel = "TASK.yaml", description = "Check this task's machine types and regions.")
  private Path task;

  @Option(names = "--machine", paramLabel = "TYPE@REGION", description = "A type and region to check (repeatable).")
  private List<String> candidates = new ArrayList<>();

  private record Result(String check, String status, String detail) {
  }

  @Override
  public Integer call() throws InterruptedException {
    List<LaunchCandidate> wanted = new ArrayList<>();
    if (task != null) {
      wanted.addAll(TaskFileParser.parse(task).machine());
    }
    for (String candidate : candidates) {
      String[] pair = candidate.split("@", 2);
      if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
        throw new CliException(ExitCodes.USAGE, "--machine takes TYPE@REGION, e.g. A4000@ny2 (got '" + candidate
            + "')");
      }
      wanted.add(new LaunchCandidate(pair[0], pair[1]));
    }
    List<Result> results = new ArrayList<>();
    try (Backend backend = common.open(app)) {
      results.add(new Result("credentials", "OK", common.simulated ? "the simulator's own key"
          : "PAPERSPACE_API_KEY is set (not shown)"));
      boolean apiOk;
      try {
        int machines = backend.platform().machines().size();
        results.add(new Result("api", "OK", backend.describe() + " accepted the key; " + machines
            + " machine(s) in the account"));
        apiOk = true;
      } catch (RuntimeException e) {
        results.add(new Result("api", "FAIL", backend.describe() + ": " + e.getMessage()));
        apiOk = false;
      }
      AccountProbe probe = new AccountProbe(backend.apiBaseUrl(), backend.apiKey());
      if (apiOk) {
        try {
          JsonNode standing = probe.standing();
          boolean good = standing.path("isInGoodStanding").asBoolean(false);
          results.add(new Result("account-standing", good ? "OK" : "FAIL", good ? "in good standing"
              : "not in good standing (payment method: " + standing.path("hasPaymentMethod").asText("?")
                  + ", admin-locked: " + standing.path("isAdminLocked").asText("?") + "): a create would fail"));
        } catch (IOException e) {
          results.add(new Result("account-standing", "WARN", "could not be read: " + e.getMessage()));
        }
        for (LaunchCandidate candidate : wanted) {
          try {
            boolean available = probe.available(candidate.machineType(), candidate.region());
            results.add(new Result("availability " + candidate, available ? "OK" : "WARN", available
                ? "can be created now" : "out of capacity now: the launch retries and falls back (list fallbacks)"));
          } catch (IOException e) {
            results.add(new Result("availability " + candidate, "WARN", "could not be read: " + e.getMessage()));
          }
        }
      }
      for (DangerClock clock : backend.platform().profile().dangerClocks()) {
        results.add(new Result("danger-clock", "WARN", clock.title() + (clock.gotchaIds().isEmpty() ? "" : " "
            + clock.gotchaIds()) + ": " + clock.warning()));
      }
      if (common.simulated) {
        results.add(new Result("ssh-key", "OK", "the embedded host's key pair"));
        results.add(new Result("known-hosts", "OK", "the embedded host's key, written for each command"));
      } else {
        Path key = common.sshKey();
        results.add(Files.isReadable(key) ? new Result("ssh-key", "OK", key + " is readable")
            : new Result("ssh-key", "FAIL", key + " is not readable: pass --ssh-key PATH"));
        Path known = common.knownHosts();
        results.add(Files.isRegularFile(known) ? new Result("known-hosts", "OK", known + " exists; a new machine's"
            + " key is added on first connection only with --accept-new-host-key")
            : new Result("known-hosts", "WARN", known + " does not exist: the first connection needs"
                + " --accept-new-host-key (or add the machine's key yourself)"));
      }
    }
    boolean failed = results.stream().anyMatch(r -> r.status().equals("FAIL"));
    if (common.json) {
      ObjectNode doc = JsonOutput.document("check");
      ArrayNode array = doc.putArray("checks");
      results.forEach(r -> array.addObject().put("check", r.check()).put("status", r.status())
          .put("detail", r.detail()));
      doc.put("ok", !failed);
      JsonOutput.print(app.out(), doc);
    } else {
      PrintStream out = app.out();
      Style style = Style.of(app.terminal());
      for (Result r : results) {
        String status = switch (r.status()) {
          case "OK" -> style.ok("OK  ");
          case "WARN" -> style.warn("WARN");
          default -> style.bad("FAIL");
        };
        out.printf("%s %-28s %s%n", status, r.check(), r.detail());
      }
      out.println(failed ? style.bad("not ready: fix the FAIL lines before renting")
          : style.ok("ready: nothing above stops a run (read the WARN lines)"));
    }
    return failed ? ExitCodes.FAILED : ExitCodes.OK;
  }
}
