package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store on a long link asks for more files in flight than the sync's own setting; the larger wins. */
class PreferredConcurrencyTest {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;

  @Test
  void aSyncKeepsAsManyFilesInFlightAsTheSourceStorePrefers() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Random rnd = new Random(15);
    for (int i = 0; i < 8; i++) {
      files.put("shard/f" + i + ".bin", Bundles.random(rnd, 4096));
    }
    Bundles.sealed(remoteRoot, "far", files, 1_000);
    AtomicInteger open = new AtomicInteger();
    AtomicInteger mostOpen = new AtomicInteger();
    CheckpointStore far = farStore(LocalCheckpointStore.at(remoteRoot), 4, open, mostOpen);

    SyncResult r = CheckpointSync.builder().concurrency(1).build().pull(far, LocalCheckpointStore.at(localRoot), "far");

    assertThat(r.filesSent()).isEqualTo(8);
    assertThat(mostOpen.get()).isEqualTo(4);
  }

  /** A local store that prefers {@code preferred} files in flight and whose reads take a while, as far away. */
  private static CheckpointStore farStore(CheckpointStore local, int preferred, AtomicInteger open,
      AtomicInteger mostOpen) {
    return (CheckpointStore) Proxy.newProxyInstance(CheckpointStore.class.getClassLoader(),
        new Class<?>[] {CheckpointStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("preferredConcurrency")) {
            return preferred;
          }
          Object result;
          try {
            result = method.invoke(local, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("open") && !((String) args[0]).endsWith(CheckpointManifest.FILE_NAME)) {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            return new FilterInputStream((InputStream) result) {
              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                try {
                  Thread.sleep(100); // a round trip: the other workers open their files meanwhile
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return super.read(b, off, len);
              }

              @Override
              public void close() throws IOException {
                open.decrementAndGet();
                super.close();
              }
            };
          }
          return result;
        });
  }
}
