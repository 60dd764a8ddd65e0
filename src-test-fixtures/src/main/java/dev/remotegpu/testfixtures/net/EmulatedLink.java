package dev.remotegpu.testfixtures.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jdk.net.ExtendedSocketOptions;

/**
 * A TCP forwarder on 127.0.0.1 that makes a loopback service look far away: every byte is delayed by half a
 * round trip in each direction, each direction is a bottleneck of a fixed rate, and in front of it sits a
 * bounded queue like a router's. When that queue is full the forwarder stops reading, so the sender's own
 * socket buffers fill and it blocks (back-pressure), instead of the forwarder buffering without limit: it
 * holds at most {@code queue + rate x one-way delay} bytes per direction.
 *
 * <p>Not emulated: loss, reordering, jitter, and TCP's own congestion and receive windows (the two loopback
 * legs are ordinary local TCP connections). A window-limited protocol on top (an SSH channel, an SFTP
 * client's outstanding requests) therefore moves at most {@code window / RTT}, as over a real long link, but
 * nothing here slows TCP itself down the way slow start and loss recovery do on a real path.
 */
public final class EmulatedLink implements Closeable {
  private static final int CHUNK = 64 * 1024;
  private static final int MAX_READ = 1 << 20;
  /**
   * How late a reading thread may wake and still send what waited from its last read on: a scheduler's usual
   * delay on a busy machine, far below any emulated round trip, so the link is never faster than its delay by more.
   */
  private static final long LATE_WAKE_CREDIT_NANOS = 2_000_000;
  private static final boolean QUICK_ACK_SUPPORTED = quickAckSupported();

  private final ServerSocket listener;
  private final int targetPort;
  private final long oneWayNanos;
  private final long bytesPerSecond;
  private final long queueBytes;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong peakBuffered = new AtomicLong();
  private final AtomicLong deliveredFromTarget = new AtomicLong();
  private final AtomicLong deliveredToTarget = new AtomicLong();
  private volatile boolean closed;

  private EmulatedLink(int targetPort, Duration roundTrip, long bytesPerSecond, long queueBytes)
      throws IOException {
    this.targetPort = targetPort;
    this.oneWayNanos = roundTrip.toNanos() / 2;
    this.bytesPerSecond = bytesPerSecond;
    this.queueBytes = queueBytes;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "emulated-link-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a link to {@code 127.0.0.1:targetPort} with the given round-trip time and a rate cap of
   * {@code bytesPerSecond} in each direction, with a queue of 10 ms at that rate (at least 64 KiB).
   */
  public static EmulatedLink start(int targetPort, Duration roundTrip, long bytesPerSecond) {
    long queue = Math.max(2 * CHUNK, bytesPerSecond / 100);
    return start(targetPort, roundTrip, bytesPerSecond, queue);
  }

  /** Starts a link as {@link #start(int, Duration, long)} with an explicit router queue of {@code queueBytes}. */
  public static EmulatedLink start(int targetPort, Duration roundTrip, long bytesPerSecond, long queueBytes) {
    Objects.requireNonNull(roundTrip, "roundTrip");
    if (targetPort < 1 || targetPort > 65535 || roundTrip.isNegative() || bytesPerSecond <= 0
        || queueBytes < 2 * CHUNK) {
      throw new IllegalArgumentException("an emulated link needs a target port, a round trip >= 0, a rate > 0"
          + " and a queue of at least " + 2 * CHUNK + " bytes: port " + targetPort + ", rtt " + roundTrip + ", rate "
          + bytesPerSecond + ", queue " + queueBytes);
    }
    try {
      return new EmulatedLink(targetPort, roundTrip, bytesPerSecond, queueBytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on 127.0.0.1 for an emulated link: " + e.getMessage(), e);
    }
  }

  /** The port to connect to instead of the target's. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The round trip added to every exchange. */
  public Duration roundTrip() {
    return Duration.ofNanos(oneWayNanos * 2);
  }

  /** The rate cap of each direction in bytes per second. */
  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** The most bytes this link has held at once (queued or on the emulated wire, both directions together). */
  public long peakBufferedBytes() {
    return peakBuffered.get();
  }

  /** The bytes delivered so far from the target to the clients, over all connections (what a download moved). */
  public long bytesFromTarget() {
    return deliveredFromTarget.get();
  }

  /** The bytes delivered so far from the clients to the target, over all connections (what an upload moved). */
  public long bytesToTarget() {
    return deliveredToTarget.get();
  }

  /**
   * The most bytes one direction holds by design: its queue, what is on the wire during one one-way delay, and
   * one read. A forwarding thread that runs late on a busy machine holds chunks a little past their time; a far
   * end that reads slower than the link stops the reading at twice this.
   */
  public long maxBufferedBytesPerDirection() {
    long wire = bytesPerSecond * oneWayNanos / 1_000_000_000L;
    return queueBytes + wire + Math.min(MAX_READ, queueBytes);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException refused) {
          client.close();
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Connection connection = new Connection(client, upstream);
        connections.add(connection);
        connection.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
    for (Connection connection : connections) {
      connection.close();
    }
  }

  /** A chunk in flight: its bytes and when it reaches the far end; {@code bytes == null} marks end of stream. */
  private record Chunk(byte[] bytes, long deliverAt) {}

  /** One proxied connection: a pipe per direction. */
  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private final AtomicBoolean closedOnce = new AtomicBoolean();
    private final AtomicLong halvesDone = new AtomicLong();

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() throws IOException {
      new Pipe(client, upstream, "up", deliveredToTarget).start();
      new Pipe(upstream, client, "down", deliveredFromTarget).start();
    }

    void halfDone() {
      if (halvesDone.incrementAndGet() == 2) {
        close();
      }
    }

    void close() {
      if (!closedOnce.compareAndSet(false, true)) {
        return;
      }
      connections.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
    }

    /**
     * One direction: a reader that admits bytes while the bottleneck's backlog fits the queue and stamps each
     * chunk with its arrival time, and a writer that delivers chunks at those times.
     */
    private final class Pipe {
      private final Socket from;
      private final InputStream in;
      private final Socket to;
      private final String name;
      private final AtomicLong delivered;
      private final BlockingQueue<Chunk> wire = new LinkedBlockingQueue<>();
      private final AtomicLong held = new AtomicLong();
      private long linkFreeAt = System.nanoTime();
      private long lastRead = linkFreeAt;

      Pipe(Socket from, Socket to, String name, AtomicLong delivered) throws IOException {
        this.from = from;
        this.in = from.getInputStream();
        this.to = to;
        this.name = name;
        this.delivered = delivered;
      }

      void start() {
        Thread reader = new Thread(this::read, "emulated-link-" + name + "-in-" + client.getPort());
        Thread writer = new Thread(this::write, "emulated-link-" + name + "-out-" + client.getPort());
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
      }

      private void read() {
        byte[] buffer = new byte[MAX_READ];
        try {
          while (true) {
            int room = waitForQueueRoom();
            // Bytes already waiting arrived while this thread slept (it may wake late on a busy machine), at some
            // time since the last read. They leave from the last read on, as a router would have sent them, so the
            // link loses no time to a thread that wakes a little late, but from at most LATE_WAKE_CREDIT_NANOS before
            // now: bytes that came a round trip after the last read (a window-limited sender) must not leave
            // ahead of their time when this thread stalled for that long.
            boolean waiting = in.available() > 0;
            quickAck();
            int n = in.read(buffer, 0, room);
            long now = System.nanoTime();
            if (n < 0) {
              wire.add(new Chunk(null, Math.max(now, linkFreeAt) + oneWayNanos));
              return;
            }
            long start = Math.max(waiting ? Math.max(lastRead, now - LATE_WAKE_CREDIT_NANOS) : now, linkFreeAt);
            lastRead = now;
            linkFreeAt = start + n * 1_000_000_000L / bytesPerSecond;
            held.addAndGet(n);
            peakBuffered.accumulateAndGet(buffered.addAndGet(n), Math::max);
            wire.add(new Chunk(java.util.Arrays.copyOf(buffer, n), linkFreeAt + oneWayNanos));
          }
        } catch (IOException e) {
          wire.add(new Chunk(null, System.nanoTime()));
        }
      }

      /**
       * Blocks while the bytes waiting for the bottleneck leave less than a chunk of the queue free (the router's
       * back-pressure), and while this direction holds twice its design bound because the far end reads slower
       * than the link delivers; returns how many bytes the queue admits now. Admitting all the room at once
       * keeps the rate when this thread wakes late on a busy machine.
       */
      private int waitForQueueRoom() {
        while (held.get() > 2 * maxBufferedBytesPerDirection() && !closedOnce.get()) {
          LockSupport.parkNanos(200_000);
        }
        while (!closedOnce.get()) {
          long backlogNanos = linkFreeAt - System.nanoTime();
          long backlogBytes = backlogNanos <= 0 ? 0 : backlogNanos * bytesPerSecond / 1_000_000_000L;
          long room = queueBytes - backlogBytes;
          if (room >= CHUNK) {
            return (int) Math.min(MAX_READ, room);
          }
          LockSupport.parkNanos((CHUNK - room) * 1_000_000_000L / bytesPerSecond);
        }
        return CHUNK;
      }

      /**
       * Acknowledges at once instead of delaying: on loopback a segment is up to 64 KiB, so a sender with Nagle's
       * algorithm on (sshd for a non-interactive session) that writes 32 KiB packets would otherwise wait for
       * the 40 ms delayed ACK after each one, a stall that a real path with 1.5 KB segments does not have.
       */
      private void quickAck() {
        if (QUICK_ACK_SUPPORTED) {
          try {
            from.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
          } catch (IOException | UnsupportedOperationException e) {
            // not on this platform: the stall stays, as without this fixture
          }
        }
      }

      private void write() {
        try {
          OutputStream out = to.getOutputStream();
          while (true) {
            Chunk chunk = wire.take();
            for (long wait; (wait = chunk.deliverAt() - System.nanoTime()) > 0; ) {
              LockSupport.parkNanos(wait);
            }
            if (chunk.bytes() == null) {
              to.shutdownOutput();
              halfDone();
              return;
            }
            out.write(chunk.bytes());
            delivered.addAndGet(chunk.bytes().length);
            held.addAndGet(-chunk.bytes().length);
            buffered.addAndGet(-chunk.bytes().length);
          }
        } catch (IOException e) {
          close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
        }
      }
    }
  }

  private static boolean quickAckSupported() {
    try (Socket probe = new Socket()) {
      return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
