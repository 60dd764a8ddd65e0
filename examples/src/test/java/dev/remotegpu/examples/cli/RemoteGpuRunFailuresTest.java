package dev.remotegpu.examples.cli;

import static dev.remotegpu.examples.cli.RemoteGpuCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remotegpu.examples.cli.RemoteGpuCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that fails says so with its exit code: a job that exits non-zero (1), a machine over budget (3). */
class RemoteGpuRunFailuresTest {
  private static final Path TASK = Path.of("task.yaml").toAbsolutePath();

  @Test
  void aFailedJobExitsOneAndARunOverBudgetIsStoppedAndExitsThree(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of(CommonOptions.SIMULATED_HOME_VARIABLE, dir.resolve("account").toString());
    String task = Files.readString(TASK).replace("code: src/main", "code: " + TASK.getParent() + "/src/main")
        .replace("[sh, verify-checkpoint.sh]", "[sh, " + TASK.getParent() + "/verify-checkpoint.sh]");

    Path failing = Files.writeString(dir.resolve("failing.yaml"), task.replace("name: demo", "name: failing")
        .replaceAll("(?m)^  command: \\[sh, \"\\{remote_root\\}.*$", "  command: [sh, -c, \"echo broken; exit 3\"]"));
    Result failed = run(env, "", "run", "--simulated", "--json", "--run-dir", dir.resolve("runs/failing").toString(),
        failing.toString());
    assertThat(failed.code()).as(failed.err()).isEqualTo(ExitCodes.FAILED);
    JsonNode json = failed.json();
    assertThat(json.get("outcome").asText()).isEqualTo("job-failed");
    assertThat(json.get("jobSucceeded").asBoolean()).isFalse();
    assertThat(json.get("pulled").isNull()).isTrue();
    Result logs = run(env, "", "logs", "--simulated", dir.resolve("runs/failing").toString());
    assertThat(logs.out()).contains("broken");

    Path expensive = Files.writeString(dir.resolve("expensive.yaml"), task.replace("name: demo", "name: expensive")
        .replace("max_usd: 20", "max_usd: 1"));
    Result refused = run(env, "", "run", "--simulated", "--json", "--run-dir", dir.resolve("runs/expensive").toString(),
        expensive.toString());
    assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("above budget.max_usd $1").contains("stopped it before starting the job");
    assertThat(refused.json().get("outcome").asText()).isEqualTo("over-budget");
    assertThat(refused.json().get("jobId").isNull()).isTrue();
    String machine = RunDirectory.read(dir.resolve("runs/expensive")).requireMachine();
    assertThat(RunDirectory.read(dir.resolve("runs/expensive")).jobId()).isEmpty();
    Result statusRun = run(env, "", "status", "--simulated", "--json");
    assertThat(statusRun.code()).as(statusRun.err()).isZero();
    JsonNode status = statusRun.json();
    for (JsonNode item : status.get("items")) {
      if (item.get("id").asText().equals(machine)) {
        assertThat(item.get("state").asText()).isIn("off", "stopping");
      }
    }
  }
}
