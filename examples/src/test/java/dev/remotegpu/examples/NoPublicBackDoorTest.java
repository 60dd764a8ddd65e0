package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.teardown.ResourceActions;
import dev.remotegpu.core.teardown.TeardownRequest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No public method of the SDK's published modules destroys, releases or deletes a resource outside a teardown
 * plan: a scan of every public method of every public class in core, paperspace and ssh (internal packages
 * included, since Java cannot hide them) whose name says it destroys something.
 */
class NoPublicBackDoorTest {
  private static final Pattern DESTRUCTIVE =
      Pattern.compile("(?i)^(delete|destroy|release|remove|terminate|purge|wipe|deactivate).*");

  /**
   * The only public destructive names allowed, and why: the plan's own actions interface (implemented by
   * package-private classes and called only by plan execution), the request a plan is made from (it describes,
   * it does not act). A checkpoint store has no delete: its {@code discardTemporary} refuses every path but the
   * SDK's own temporary files (DiscardTemporaryTest).
   */
  private static final Set<Class<?>> ALLOWED_TYPES = Set.of(ResourceActions.class, TeardownRequest.class);

  @Test
  void noPublicMethodOutsideThePlanDestroysReleasesOrDeletes() throws Exception {
    List<String> found = new ArrayList<>();
    for (String pkg : List.of("dev/remotegpu/core", "dev/remotegpu/paperspace", "dev/remotegpu/ssh")) {
      for (String className : classesUnder(pkg)) {
        Class<?> type = Class.forName(className, false, getClass().getClassLoader());
        if (!Modifier.isPublic(type.getModifiers())) {
          continue;
        }
        for (Method method : type.getMethods()) {
          if (!method.getDeclaringClass().getName().startsWith("dev.remotegpu.")
              || !DESTRUCTIVE.matcher(method.getName()).matches() || isRecordAccessor(type, method)) {
            continue;
          }
          boolean allowed = ALLOWED_TYPES.stream().anyMatch(a -> a.isAssignableFrom(type)
              && declares(a, method));
          if (!allowed) {
            found.add(type.getName() + "#" + method.getName());
          }
        }
      }
    }
    assertThat(found).as("public destructive methods outside a teardown plan").isEmpty();
  }

  /** A record's component accessor (e.g. {@code BilledHistory.deleted()}, when a machine was deleted) only reads. */
  private static boolean isRecordAccessor(Class<?> type, Method method) {
    return type.isRecord() && method.getParameterCount() == 0
        && java.util.Arrays.stream(type.getRecordComponents())
            .anyMatch(component -> component.getAccessor().equals(method));
  }

  @Test
  void theScanSeesThePaperspaceClientAndFindsItsDestructiveCallsHidden() throws Exception {
    Set<String> classes = classesUnder("dev/remotegpu/paperspace");
    assertThat(classes).contains("dev.remotegpu.paperspace.internal.PaperspaceClient",
        "dev.remotegpu.paperspace.internal.PaperspaceResources");
    Class<?> client = Class.forName("dev.remotegpu.paperspace.internal.PaperspaceClient");
    Method delete = client.getDeclaredMethod("deleteMachine", String.class);
    assertThat(Modifier.isPublic(delete.getModifiers())).isFalse();
    Class<?> resources = Class.forName("dev.remotegpu.paperspace.internal.PaperspaceResources");
    assertThat(Modifier.isPublic(resources.getModifiers())).isFalse();
    assertThat(resources.getConstructors()).isEmpty();
  }

  private static boolean declares(Class<?> type, Method method) {
    try {
      type.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Set<String> classesUnder(String pkg) throws IOException, URISyntaxException {
    Set<String> names = new TreeSet<>();
    for (URL url : Collections.list(NoPublicBackDoorTest.class.getClassLoader().getResources(pkg))) {
      if (url.getProtocol().equals("file")) {
        Path root = Path.of(url.toURI());
        Path base = root;
        for (int i = 0; i < pkg.split("/").length; i++) {
          base = base.getParent();
        }
        Path classesRoot = base;
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(p -> p.toString().endsWith(".class")).forEach(p -> names.add(className(
              classesRoot.relativize(p).toString())));
        }
      } else if (url.getProtocol().equals("jar")) {
        try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
          jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(pkg) && n.endsWith(".class"))
              .forEach(n -> names.add(className(n)));
        }
      }
    }
    names.removeIf(n -> n.contains("$") && !n.matches(".*\\$[A-Z][A-Za-z0-9]*$") || n.endsWith("package-info"));
    return names;
  }

  private static String className(String path) {
    return path.replace('\\', '/').replace(".class", "").replace('/', '.');
  }
}
