package dev.remotegpu.examples;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownStep;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The real Paperspace API, opt-in: {@code --live} with {@code PAPERSPACE_API_KEY} set. This rents a real machine
 * and costs real money. Every teardown step is put to the user, who must type its exact id to approve it.
 *
 * <p>Options: {@code --ssh-key PATH} (required), {@code --type A4000}, {@code --region ny2},
 * {@code --fallback TYPE:REGION} (repeatable), {@code --hours 12} (auto-shutdown), {@code --accept-new-host-key}.
 *
 * @param out where the prompts go
 * @param in where the user's approvals are read from
 * @param platform the real Paperspace API
 * @param access SSH with the user's key
 * @param launchRequest what to rent, with its fallbacks
 */
record LiveWorld(PrintStream out, BufferedReader in, PaperspacePlatform platform, RemoteAccess access,
    LaunchRequest launchRequest) implements World {

  static LiveWorld fromArgs(List<String> args, PrintStream out, Path workDir) {
    String key = option(args, "--ssh-key", null);
    if (key == null || !Files.isReadable(Path.of(key))) {
      throw new IllegalArgumentException("--live needs --ssh-key PATH naming a readable private key (got: "
          + key + ")");
    }
    LaunchRequest request = LaunchRequest.of(option(args, "--type", "A4000"), option(args, "--region", "ny2"))
        .autoShutdown(Duration.ofHours(Long.parseLong(option(args, "--hours", "12"))))
        .runId("demo");
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals("--fallback")) {
        String[] pair = args.get(i + 1).split(":", 2);
        if (pair.length != 2) {
          throw new IllegalArgumentException("--fallback takes TYPE:REGION, got '" + args.get(i + 1) + "'");
        }
        request = request.fallback(pair[0], pair[1]);
      }
    }
    PaperspacePlatform platform = PaperspacePlatform.fromEnvironment();
    RemoteAccess access = SshRemoteAccess.builder()
        .privateKey(Path.of(key))
        .profile(platform.profile())
        .acceptNewHostKeys(args.contains("--accept-new-host-key"))
        .build();
    out.println("LIVE: this rents a real machine on your Paperspace account and costs real money.");
    return new LiveWorld(out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), platform,
        access, request);
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public String remoteRoot() {
    return "/home/paperspace/remotegpu";
  }

  @Override
  public void whileJobRuns(RemoteRun run) {
    out.println("   (live: no SSH drop or auto-shutdown is staged; the supervisor still handles real ones)");
  }

  @Override
  public Approvals approvals(TeardownPlan plan) {
    Approvals approvals = Approvals.none();
    for (TeardownStep step : plan.steps()) {
      out.printf("   approve %s%s? type its id to approve, Enter to refuse: ", step.id(),
          step.reversible() ? "" : " (IRREVERSIBLE)");
      out.flush();
      String answer;
      try {
        answer = in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the approval", e);
      }
      if (answer != null && answer.strip().equals(step.id())) {
        approvals = approvals.and(step.id());
      }
    }
    return approvals;
  }

  @Override
  public String billSummary() {
    return "live run: the audit above priced what stays; your Paperspace account has the real bill";
  }

  @Override
  public void close() {
    // The platform holds no resources of its own; the machine and its bills are what the plan left.
  }
}
