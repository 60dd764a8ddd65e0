package dev.remotegpu.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need no account: help, exit codes, explain, task-file errors, and one real process. */
class RemoteGpuCommandTest {

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JsonOutput.MAPPER.readTree(out);
    }
  }

  static Result run(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RemoteGpu.execute(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandHasHelpWithTheExitCodes() {
    for (String command : List.of("status", "down", "explain", "check", "run", "logs", "pull")) {
      Result help = run(Map.of(), "", command, "--help");
      assertThat(help.code()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: remotegpu " + command).contains("--json")
          .contains("3  refused");
    }
    assertThat(run(Map.of(), "", "--help").out()).contains("status", "down", "explain", "check", "run", "logs", "pull");
  }

  @Test
  void aWrongCommandLineExitsWithTheUsageCode() {
    assertThat(run(Map.of(), "", "status", "--no-such-option").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run(Map.of(), "", "down", "--json").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void withoutAKeyALiveCommandSaysSoAndNeverPrintsAKey() {
    Result status = run(Map.of(), "", "status");
    assertThat(status.code()).isEqualTo(ExitCodes.CONFIG);
    assertThat(status.err()).contains("PAPERSPACE_API_KEY is not set").contains("--simulated");
  }

  @Test
  void theApiKeyAndUrlComeFromTheEnvironmentAndTheKeyIsNeverPrinted(@TempDir Path dir) {
    // A URL where nothing listens: the command must use it (and fail there), and must not echo the key.
    String key = "secret-key-that-must-not-appear-0123456789";
    Result check = run(Map.of("PAPERSPACE_API_KEY", key, "PAPERSPACE_API_URL", "http://127.0.0.1:9/v1"), "",
        "check", "--json", "--ledger", dir.resolve("ledger").toString(), "--ssh-key", dir.resolve("no-key").toString());
    assertThat(check.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(check.out()).contains("http://127.0.0.1:9/v1").doesNotContain(key);
    assertThat(check.err()).doesNotContain(key);
  }

  @Test
  void twoSimulatedCommandsNeverShareOneAccountAtOnce(@TempDir Path dir) {
    try (SimulatedBackend first = SimulatedBackend.open(dir)) {
      Result second = run(Map.of(), "", "status", "--simulated", "--simulated-home", dir.toString());
      assertThat(second.code()).isEqualTo(ExitCodes.CONFIG);
      assertThat(second.err()).contains("another remotegpu --simulated command is using " + first.home());
    }
    Result after = run(Map.of(), "", "status", "--simulated", "--json", "--simulated-home", dir.toString());
    assertThat(after.code()).as(after.err()).isZero();
  }

  @Test
  void explainRanksTheGotchaWithTheWordsThatMatchedAndTheFix() throws Exception {
    Result text = run(Map.of(), "", "explain", "killed", "at", "12h");
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("1. PS2").contains("(score ").contains("matched: ").contains("fix:");
    JsonNode json = run(Map.of(), "", "explain", "--json", "still", "billed", "after", "stop").json();
    assertThat(json.fieldNames()).toIterable()
        .containsExactly("schema", "query", "confident", "verdict", "corrections", "results");
    assertThat(json.get("schema").asText()).isEqualTo("remotegpu-cli/explain/v1");
    JsonNode first = json.get("results").get(0);
    assertThat(first.get("id").asText()).isEqualTo("PS1");
    assertThat(first.get("rank").asInt()).isEqualTo(1);
    assertThat(first.get("score").asDouble()).isPositive();
    assertThat(first.get("matchedWords")).isNotEmpty();
    assertThat(first.get("matchedByField").size()).isPositive();
    assertThat(first.fieldNames()).toIterable().containsExactly("rank", "id", "title", "score", "matchedWords",
        "matchedByField", "symptom", "rootCause", "fix");
    Result nothing = run(Map.of(), "", "explain", "--json", "zzqx");
    assertThat(nothing.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(nothing.json().get("confident").asBoolean()).isFalse();
  }

  @Test
  void badTaskFilesNameTheFieldAndTheLine(@TempDir Path dir) throws Exception {
    String good = Files.readString(Path.of("task.yaml"));
    Files.copy(Path.of("verify-checkpoint.sh"), dir.resolve("verify-checkpoint.sh"));
    Files.createDirectories(dir.resolve("src/main/resources/dev/remotegpu/examples"));
    assertThat(TaskFileParser.parse(write(dir, good)).name()).isEqualTo("demo");

    assertError(dir, good.replace("auto_shutdown_hours: 12", "auto_shutdown_hours: 0"),
        "machine.auto_shutdown_hours", "auto_shutdown_hours: 0");
    assertError(dir, good.replace("auto_shutdown_hours: 12", "auto_shutdown_hour: 12"),
        "machine.auto_shutdown_hour", "auto_shutdown_hour: 12");
    assertError(dir, good.replace("  type: A4000\n", ""), "machine.type", "region: ny2");
    assertError(dir, good.replace("max_usd: 20", "max_usd: -5"), "budget.max_usd", "max_usd: -5");
    assertError(dir, good.replace("public_ip: static", "public_ip: none"), "machine.public_ip", "public_ip: none");
    assertError(dir, good.replace("code: src/main", "code: no/such"), "code", "code: no/such");
    assertError(dir, good.replace("  command: [sh, \"{remote", "  command: [] #"), "job.command", "command: []");
    assertError(dir, good.replace("name: demo", "name: \"bad name!\""), "name", "name: \"bad name!\"");
    assertError(dir, good.replace("machine:\n", "machine: [\n"), "(yaml)", null);
  }

  private static Path write(Path dir, String text) throws Exception {
    return Files.writeString(dir.resolve("task.yaml"), text);
  }

  private static void assertError(Path dir, String text, String field, String lineText) throws Exception {
    Path file = write(dir, text);
    Result result = run(Map.of(), "", "run", "--simulated", file.toString());
    assertThat(result.code()).as(field).isEqualTo(ExitCodes.CONFIG);
    List<String> lines = text.lines().toList();
    if (lineText != null) {
      int line = lines.indexOf(lines.stream().filter(l -> l.contains(lineText)).findFirst().orElseThrow()) + 1;
      assertThat(result.err()).as(field).contains("task.yaml:" + line + ": " + field + ": ");
    } else {
      assertThat(result.err()).contains(": " + field + ": not valid YAML");
    }
  }

  @Test
  void theCommandRunsAsItsOwnProcessWithItsExitCodes(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> base = List.of(java, "-cp", System.getProperty("java.class.path"), RemoteGpu.class.getName());
    List<String> explain = new ArrayList<>(base);
    explain.addAll(List.of("explain", "--json", "PS9"));
    Process process = new ProcessBuilder(explain).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(JsonOutput.MAPPER.readTree(out).get("results").get(0).get("id").asText()).isEqualTo("PS9");

    Path bad = Files.writeString(dir.resolve("task.yaml"), "name: x\nmachine:\n  type: A4000\n");
    List<String> runBad = new ArrayList<>(base);
    runBad.addAll(List.of("run", "--simulated", bad.toString()));
    Process failing = new ProcessBuilder(runBad).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(failing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(failing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failing.exitValue()).isEqualTo(ExitCodes.CONFIG);
    assertThat(err).contains("task.yaml:3: machine.region: is required here and missing");
  }
}
