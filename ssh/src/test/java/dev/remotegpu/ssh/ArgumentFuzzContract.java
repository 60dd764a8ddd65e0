package dev.remotegpu.ssh;

import dev.remotegpu.core.remote.CommandOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arguments quoted by {@link ShellQuoting} reach the remote program byte for byte: fixed hostile cases
 * and seeded random ones, many cases per exec. Each host (MINA, OpenSSH) runs it through its own login shell.
 */
abstract class ArgumentFuzzContract extends SshHostContract {
  private static final int BATCH = 60;
  private static final String PRINT_ARGS = "printf '%s\\0' \"$#\" \"$@\"";


  @Test
  void fixedHostileArgumentsArriveByteForByte() {
    List<List<String>> cases = new ArrayList<>();
    for (String word : HostileArguments.FIXED) {
      cases.add(List.of(word));
    }
    cases.add(HostileArguments.FIXED);
    cases.add(List.of());
    assertArrive(cases);
  }

  @Test
  void seededRandomArgumentsArriveByteForByte() {
    assertArrive(HostileArguments.random(20261128L, 240));
  }

  @Test
  void hostileProgramArgumentsDoNotRunAnything() {
    CommandOutput result = connection().exec(List.of("printf", "%s", "$(touch pwned)", "`touch pwned`", ";touch pwned"));
    assertThat(result.stdout()).isEqualTo("$(touch pwned)`touch pwned`;touch pwned");
    assertThat(connection().exec(List.of("sh", "-c", "test -e pwned")).exitCode()).isEqualTo(1);
  }

  private void assertArrive(List<List<String>> cases) {
    for (int start = 0; start < cases.size(); start += BATCH) {
      List<List<String>> batch = cases.subList(start, Math.min(cases.size(), start + BATCH));
      StringBuilder script = new StringBuilder();
      for (List<String> argv : batch) {
        List<String> set = new ArrayList<>(List.of("set", "--"));
        set.addAll(argv);
        script.append(ShellQuoting.quote(set)).append('\n').append(PRINT_ARGS).append('\n');
      }
      CommandOutput result = connection().exec(List.of("sh", "-c", script.toString()), Duration.ofSeconds(60));
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(parse(result.stdout())).isEqualTo(batch);
    }
  }

  /** Splits "count\0arg\0arg\0count\0..." into argument vectors. */
  private static List<List<String>> parse(String output) {
    List<String> fields = HostileArguments.splitOnNul(output.getBytes(StandardCharsets.UTF_8));
    List<List<String>> cases = new ArrayList<>();
    int i = 0;
    while (i < fields.size()) {
      int count = Integer.parseInt(fields.get(i++));
      cases.add(List.copyOf(fields.subList(i, i + count)));
      i += count;
    }
    return cases;
  }
}
