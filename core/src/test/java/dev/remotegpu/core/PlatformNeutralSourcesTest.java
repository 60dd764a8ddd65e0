package dev.remotegpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core, ssh and generic-ssh are platform-neutral: a gotcha id, a login user or a storage path of one platform
 * belongs in that platform's profile, not in their main sources (code, strings or javadoc). This scans the three
 * modules' {@code src/main/java} for Paperspace words and fails naming each file and line.
 */
class PlatformNeutralSourcesTest {

  /** Words that name one platform: its gotcha ids, its name, its products and its paths. */
  private static final Pattern PLATFORM_WORDS = Pattern.compile(
      "\\bPS\\d|(?i:paperspace)|\\bGradient\\b|ML-in-a-Box|Core machine|(?<![\\w.])/notebooks\\b");

  private static final List<String> NEUTRAL_MODULES = List.of("core", "ssh", "generic-ssh");

  @Test
  void coreSshAndGenericSshMainSourcesNameNoPlatform() {
    List<String> found = new ArrayList<>();
    for (String module : NEUTRAL_MODULES) {
      Path sources = projectRoot().resolve(module).resolve("src/main/java");
      assertThat(sources).as("main sources of module %s", module).isDirectory();
      found.addAll(platformWordsIn(sources));
    }
    assertThat(found).as("Paperspace words in platform-neutral main sources: move each into the platform's"
        + " profile (PlatformProfile.gotchaIdFor(Hazard) / gotchaIdFor(BillableKind), the machine's SshEndpoint)")
        .isEmpty();
  }

  @Test
  void theScanFindsEachKindOfPlatformWord() {
    assertThat(PLATFORM_WORDS.matcher("cite \"PS2\" here").find()).isTrue();
    assertThat(PLATFORM_WORDS.matcher("user = \"paperspace\"").find()).isTrue();
    assertThat(PLATFORM_WORDS.matcher("on Paperspace Core").find()).isTrue();
    assertThat(PLATFORM_WORDS.matcher("a Gradient notebook").find()).isTrue();
    assertThat(PLATFORM_WORDS.matcher("write to /notebooks/run").find()).isTrue();
    assertThat(PLATFORM_WORDS.matcher("GPS2 and APS3 are other words; a gradient step is neutral").find())
        .isFalse();
  }

  private static List<String> platformWordsIn(Path sources) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = PLATFORM_WORDS.matcher(lines.get(i));
          if (m.find()) {
            found.add(projectRoot().relativize(file) + ":" + (i + 1) + ": '" + m.group() + "' in "
                + lines.get(i).strip());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sources under " + sources, e);
    }
    return found;
  }

  /** The reactor root: the directory above this module that holds the ssh and generic-ssh modules. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("core/src/main/java")) && Files.isDirectory(p.resolve("generic-ssh"))) {
        return p;
      }
    }
    throw new IllegalStateException("no reactor root (with core/ and generic-ssh/) above " + here
        + ": run this test from the project checkout");
  }
}
