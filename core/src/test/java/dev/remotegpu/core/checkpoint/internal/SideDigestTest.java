package dev.remotegpu.core.checkpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hash computed beside the writes covers exactly the bytes copied, in order, however far it lags. */
class SideDigestTest {
  private static final int BUFFER = 4096;

  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "side-digest-test");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void aSlowHasherNeverSeesABufferTheCopyHasAlreadyRefilled() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(5).nextBytes(data);
    // The copy races ahead of a hasher that pauses on every buffer: a buffer refilled before it was hashed would
    // change the digest.
    MessageDigest slow = new PausingDigest(Sha256.newDigest(), 0, null);
    InputStream in = new ChoppyStream(data, new Random(9));
    try (SideDigest side = new SideDigest(slow, executor, 3, BUFFER, "weights.bin")) {
      for (byte[] b = side.take(); ; b = side.take()) {
        int n = in.read(b);
        if (n < 0) {
          break;
        }
        side.hand(b, n);
        // The writer reads the buffer while it is hashed; scribbling on it afterwards is what a reuse would do.
      }
      side.finish();
    }
    assertThat(Sha256.hex(slow.digest())).isEqualTo(Sha256.of(data));
  }

  @Test
  void theDigestContinuesWhatWasFedBeforeTheCopy() throws Exception {
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    MessageDigest md = Sha256.newDigest();
    md.update(data, 0, 40_000); // a resumed file's kept prefix
    try (SideDigest side = new SideDigest(md, executor, 2, BUFFER, "weights.bin")) {
      for (int at = 40_000; at < data.length; at += BUFFER) {
        byte[] b = side.take();
        int n = Math.min(BUFFER, data.length - at);
        System.arraycopy(data, at, b, 0, n);
        side.hand(b, n);
      }
      side.finish();
    }
    assertThat(Sha256.hex(md.digest())).isEqualTo(Sha256.of(data));
  }

  @Test
  void theCopyRunsAtMostItsBuffersAheadOfTheHash() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MessageDigest blocked = new PausingDigest(Sha256.newDigest(), 0, release);
    try (SideDigest side = new SideDigest(blocked, executor, 3, BUFFER, "weights.bin")) {
      for (int i = 0; i < 3; i++) {
        side.hand(side.take(), BUFFER);
      }
      CompletableFuture<byte[]> fourth = CompletableFuture.supplyAsync(() -> {
        try {
          return side.take();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThatThrownBy(() -> fourth.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
      release.countDown();
      assertThat(fourth.get(5, TimeUnit.SECONDS)).hasSize(BUFFER);
      side.hand(fourth.get(), 0);
      side.finish();
    }
  }

  @Test
  void aHasherStoppedUnderTheCopyFailsTheCopyNamingTheFileInsteadOfHangingIt() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    MessageDigest blocked = new PausingDigest(Sha256.newDigest(), 0, never);
    try (SideDigest side = new SideDigest(blocked, executor, 2, BUFFER, "model/weights.bin")) {
      side.hand(side.take(), BUFFER);
      side.hand(side.take(), BUFFER);
      executor.shutdownNow(); // interrupts the hasher waiting inside its update
      assertThatThrownBy(side::take).isInstanceOf(IOException.class)
          .hasMessageContaining("model/weights.bin").hasMessageContaining("stopped");
    }
  }

  @Test
  void anAbandonedCopyLeavesNoHasherRunning() throws Exception {
    MessageDigest slow = new PausingDigest(Sha256.newDigest(), 20, null);
    SideDigest side = new SideDigest(slow, executor, 3, BUFFER, "weights.bin");
    for (int i = 0; i < 3; i++) {
      side.hand(side.take(), BUFFER);
    }
    side.close(); // the copy failed: the buffers still handed over are dropped
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(side::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
  }

  /** Reads of random sizes, some of one byte, as a network stream delivers them. */
  private static final class ChoppyStream extends ByteArrayInputStream {
    private final Random random;

    ChoppyStream(byte[] data, Random random) {
      super(data);
      this.random = random;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, random.nextInt(8) == 0 ? 1 : 1 + random.nextInt(len));
    }
  }

  /** A digest that pauses {@code millis} in every update, or waits for {@code gate}, before hashing. */
  private static final class PausingDigest extends MessageDigest {
    private final MessageDigest inner;
    private final long millis;
    private final CountDownLatch gate;

    PausingDigest(MessageDigest inner, long millis, CountDownLatch gate) {
      super("SHA-256");
      this.inner = inner;
      this.millis = millis;
      this.gate = gate;
    }

    @Override
    protected void engineUpdate(byte input) {
      inner.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      try {
        if (gate != null) {
          gate.await();
        } else if (millis > 0) {
          Thread.sleep(millis);
        } else {
          Thread.yield();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("hashing interrupted", e);
      }
      inner.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
      return inner.digest();
    }

    @Override
    protected void engineReset() {
      inner.reset();
    }
  }
}
