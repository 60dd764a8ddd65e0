package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {

  @Test
  void leavesPlainWordsAlone() {
    assertThat(ShellQuoting.quote(List.of("python", "train.py", "--lr", "0.1", "/data/x_y-z", "a@b:c,d%e+f")))
        .isEqualTo("python train.py --lr 0.1 /data/x_y-z a@b:c,d%e+f");
  }

  @Test
  void singleQuotesEverythingElse() {
    assertThat(ShellQuoting.quote("")).isEqualTo("''");
    assertThat(ShellQuoting.quote("a b")).isEqualTo("'a b'");
    assertThat(ShellQuoting.quote("$(rm -rf ~)")).isEqualTo("'$(rm -rf ~)'");
    assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\"'\"'s'");
    assertThat(ShellQuoting.quote("line\nbreak")).isEqualTo("'line\nbreak'");
    assertThat(ShellQuoting.quote("é")).isEqualTo("'é'");
  }

  @Test
  void quotesAssignmentsAndReservedWordsSoTheyStayArguments() {
    assertThat(ShellQuoting.quote(List.of("A=1", "if", "time", "!"))).isEqualTo("'A=1' 'if' 'time' '!'");
  }

  @Test
  void refusesNulAndEmptyArgv() {
    assertThatThrownBy(() -> ShellQuoting.quote("a\0b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> ShellQuoting.quote(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void everyHostileWordBecomesExactlyOneQuotedWordWithoutUnquotedSpecials() {
    for (String word : HostileArguments.FIXED) {
      String quoted = ShellQuoting.quote(word);
      if (!quoted.equals(word)) {
        assertThat(quoted).startsWith("'").endsWith("'");
        String inside = quoted.substring(1, quoted.length() - 1).replace("'\"'\"'", "");
        assertThat(inside).as(word).doesNotContain("'");
      }
    }
  }
}
