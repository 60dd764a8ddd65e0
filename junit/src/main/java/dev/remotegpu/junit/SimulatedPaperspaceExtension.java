package dev.remotegpu.junit;

import dev.remotegpu.junit.internal.SimulatedWorld;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method a fresh {@link SimulatedPaperspace} parameter and closes it after the test:
 *
 * <pre>{@code
 * @ExtendWith(SimulatedPaperspaceExtension.class)
 * class TrainingTest {
 *   @Test
 *   void trains(SimulatedPaperspace paperspace, @TempDir Path dir) { ... paperspace.run() ... }
 * }
 * }</pre>
 */
public final class SimulatedPaperspaceExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SimulatedPaperspaceExtension.class);

  /** Used by JUnit through {@code @ExtendWith}. */
  public SimulatedPaperspaceExtension() {
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SimulatedPaperspace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // get and put exist in every JUnit 5.x and 6.x (the user's test brings its own JUnit)
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    SimulatedWorld world = store.get(context.getUniqueId(), SimulatedWorld.class);
    if (world == null) {
      world = SimulatedWorld.start();
      store.put(context.getUniqueId(), world);
    }
    return world;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    SimulatedWorld world = context.getStore(NAMESPACE).remove(context.getUniqueId(), SimulatedWorld.class);
    if (world != null) {
      world.close();
    }
  }
}
