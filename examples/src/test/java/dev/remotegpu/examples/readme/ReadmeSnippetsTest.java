package dev.remotegpu.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs every {@code ```java} block of the README, so that the README cannot drift from the code, and
 * writes the throwaway consumer project that the examples module's integration test builds from the README's
 * own blocks against the installed artifacts.
 *
 * <h2>The convention for README authors</h2>
 * <ul>
 *   <li>A {@code ```java} block that declares a top-level type ({@code class}, {@code record}, {@code interface},
 *       {@code enum} at the start of a line) is a <b>complete compilation unit</b>, with all its imports.</li>
 *   <li>Any other {@code ```java} block is a <b>snippet</b>: its leading {@code import} lines are its imports and
 *       the rest is compiled as the body of a method {@code void snippet() throws Exception}. It may use only
 *       what it declares or imports: show the imports, declare the variables.</li>
 *   <li>Every block also <b>runs</b>: a snippet's body is executed; a unit's {@code public static void
 *       main(String[])} is called with no arguments. Either must end without an exception within 60 s. A block
 *       that must not run here (it rents a real machine, needs a key) carries
 *       {@code <!-- readme-test: compile-only (why) -->} on the line just above its opening fence. A unit without
 *       {@code main} (a JUnit test class) is only compiled here: give it {@code consumer=...} to run it.</li>
 *   <li>{@code <!-- readme-test: consumer=src/test/java/demo/FirstTest.java -->} also copies the block to that
 *       path of the throwaway consumer project ({@code target/readme-consumer/consumer}); the {@code ```xml} block
 *       marked {@code consumer=pom-dependencies} is pasted into that project's pom, and the unit copied under
 *       {@code src/main/java} is the program it runs. {@code mvn verify} builds and runs that project with
 *       {@code dependencyConvergence} on (maven-invoker-plugin; see examples/pom.xml).</li>
 *   <li>{@code <!-- readme-test: skip (why) -->} leaves a block out; keep it for output shown as Java.</li>
 * </ul>
 * A failure names the README line of the block and of each compiler error.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path CONSUMER_TEMPLATE = Path.of("src", "it", "readme-consumer", "pom.xml");
  private static final Path CONSUMER_DIR = Path.of("target", "readme-consumer", "consumer");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT_OR_BLANK = Pattern.compile("^\\s*(import\\s.*;\\s*)?(//.*)?$");

  @TempDir
  Path work;

  private static List<ReadmeBlock> blocks() throws IOException {
    return ReadmeBlock.parse(Files.readString(README, StandardCharsets.UTF_8));
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws IOException {
    List<ReadmeBlock> java = blocks().stream().filter(b -> b.language().equals("java") && !b.skipped()).toList();
    assertThat(java).as("```java blocks in README.md").isNotEmpty();
    return java.stream().map(block -> DynamicTest.dynamicTest(block.where(), () -> compileAndRun(block)));
  }

  @Test
  void theMavenCoordinatesAreThisVersion() throws IOException {
    String version = System.getProperty("project.version");
    assertThat(version).as("project.version (set by the examples pom for this test)").isNotBlank();
    ReadmeBlock dependencies = consumerBlock("pom-dependencies");
    assertThat(dependencies.text()).as(dependencies.where()).contains("<version>" + version + "</version>");
  }

  /** Writes the consumer project the invoker builds; every block marked consumer= lands at its path. */
  @Test
  void writesTheConsumerProjectFromTheReadmeBlocks() throws IOException {
    deleteTree(CONSUMER_DIR.getParent());
    Files.createDirectories(CONSUMER_DIR);
    String mainClass = null;
    for (ReadmeBlock block : blocks()) {
      Optional<String> path = block.consumerPath();
      if (path.isEmpty() || path.get().equals("pom-dependencies")) {
        continue;
      }
      assertThat(block.language()).as(block.where() + ": consumer blocks are Java").isEqualTo("java");
      Path target = CONSUMER_DIR.resolve(path.get()).normalize();
      assertThat(target.startsWith(CONSUMER_DIR)).as(block.where() + ": inside the consumer project").isTrue();
      Files.createDirectories(target.getParent());
      Files.writeString(target, block.text() + "\n", StandardCharsets.UTF_8);
      if (path.get().startsWith("src/main/java/")) {
        assertThat(mainClass).as(block.where() + ": one program in the consumer project").isNull();
        mainClass = path.get().substring("src/main/java/".length()).replaceAll("\\.java$", "").replace('/', '.');
      }
    }
    assertThat(mainClass).as("a ```java block marked consumer=src/main/java/... (the program)").isNotNull();
    String pom = Files.readString(CONSUMER_TEMPLATE, StandardCharsets.UTF_8)
        .replace("<!-- README: dependencies -->", consumerBlock("pom-dependencies").text())
        .replace("README_MAIN_CLASS", mainClass);
    Files.writeString(CONSUMER_DIR.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    try (Stream<Path> tests = Files.walk(CONSUMER_DIR.resolve("src"))) {
      assertThat(tests.filter(p -> p.toString().contains("src/test/java/")).filter(Files::isRegularFile))
          .as("a ```java block marked consumer=src/test/java/... (the user's first test)").isNotEmpty();
    }
  }

  private static ReadmeBlock consumerBlock(String path) throws IOException {
    List<ReadmeBlock> found = blocks().stream()
        .filter(b -> b.consumerPath().filter(path::equals).isPresent()).toList();
    assertThat(found).as("README blocks marked <!-- readme-test: consumer=" + path + " -->").hasSize(1);
    return found.get(0);
  }

  private void compileAndRun(ReadmeBlock block) throws Exception {
    Path sources = Files.createDirectories(work.resolve("src-" + block.firstLine()));
    Path classes = Files.createDirectories(work.resolve("classes-" + block.firstLine()));
    String className;
    String source;
    Optional<String> type = block.declaredType();
    if (type.isPresent()) {
      Matcher pkg = PACKAGE.matcher(block.text());
      className = (pkg.find() ? pkg.group(1) + "." : "") + type.get();
      source = block.text();
    } else {
      className = "ReadmeSnippetAtLine" + block.firstLine();
      source = wrapSnippet(block, className);
    }
    Path file = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    compile(block, file, classes);

    if (block.compileOnly()) {
      return;
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Class<?> compiled = loader.loadClass(className);
      Method main;
      Object target = null;
      if (type.isPresent()) {
        Optional<Method> declared = Stream.of(compiled.getMethods())
            .filter(m -> m.getName().equals("main") && m.getParameterCount() == 1).findFirst();
        if (declared.isEmpty()) {
          return; // a unit without main (a JUnit test class): the consumer build runs it
        }
        main = declared.get();
      } else {
        main = compiled.getDeclaredMethod("snippet");
        main.setAccessible(true);
        target = compiled.getDeclaredConstructor().newInstance();
      }
      runWithin60s(block, main, target, type.isPresent());
    }
  }

  /** Imports stay on their lines; the method opens on the first other line, so block line n is source line n. */
  private static String wrapSnippet(ReadmeBlock block, String className) {
    List<String> lines = new ArrayList<>(List.of(block.text().split("\n", -1)));
    int first = 0;
    while (first < lines.size() && IMPORT_OR_BLANK.matcher(lines.get(first)).matches()) {
      first++;
    }
    String header = "class " + className + " { void snippet() throws Exception { ";
    if (first == lines.size()) {
      lines.add(header);
    } else {
      lines.set(first, header + lines.get(first));
    }
    lines.add("}}");
    return String.join("\n", lines);
  }

  private static void compile(ReadmeBlock block, Path file, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", classPath(), "-d", classes.toString(), "-proc:none",
          "--release", "17");
      boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file.toFile()))
          .call();
      String errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> "  README.md line " + (block.firstLine() + d.getLineNumber() - 1) + ": "
              + d.getMessage(Locale.ROOT))
          .collect(Collectors.joining("\n"));
      assertThat(ok).as("%s does not compile:%n%s", block.where(), errors).isTrue();
    }
  }

  private static void runWithin60s(ReadmeBlock block, Method method, Object target, boolean isMain)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      try {
        method.invoke(target, isMain ? new Object[] {new String[0]} : new Object[0]);
      } catch (InvocationTargetException e) {
        failure.set(e.getCause());
      } catch (ReflectiveOperationException | RuntimeException e) {
        failure.set(e);
      }
    }, "readme-block-" + block.firstLine());
    runner.setDaemon(true);
    runner.start();
    runner.join(60_000);
    if (runner.isAlive()) {
      runner.interrupt();
      throw new AssertionError(block.where() + " did not finish within 60 s");
    }
    if (failure.get() != null) {
      throw new AssertionError(block.where() + " compiled but failed when run: " + failure.get(), failure.get());
    }
  }

  /** The test class path: surefire's real one, not its manifest-only booter jar. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
