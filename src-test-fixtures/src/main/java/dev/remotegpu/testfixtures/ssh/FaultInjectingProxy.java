package dev.remotegpu.testfixtures.ssh;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on 127.0.0.1 in front of the embedded SSH server that can cut connections after a
 * number of bytes (counted both ways), the way a flaky network drops an SSH session mid-transfer.
 */
final class FaultInjectingProxy implements Closeable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong cuts = new AtomicLong();
  private volatile long newLinkBudget = Long.MAX_VALUE;
  private volatile boolean closed;
  private volatile boolean refusing;

  FaultInjectingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "ssh-proxy-accept-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  long cuts() {
    return cuts.get();
  }

  /** Every open connection is cut after {@code bytes} more bytes, and every new one after its first {@code bytes}. */
  void dropAfterBytes(long bytes) {
    newLinkBudget = bytes;
    for (Link link : links) {
      link.budget = saturatedAdd(link.transferred.get(), bytes);
    }
  }

  /** No more cuts. */
  void clearFaults() {
    newLinkBudget = Long.MAX_VALUE;
    for (Link link : links) {
      link.budget = Long.MAX_VALUE;
    }
  }

  /** While {@code refuse} is true, new connections are closed at once, as by a machine that is off. */
  void refuseConnections(boolean refuse) {
    refusing = refuse;
  }

  /** Cuts every open connection now. */
  void cutAll() {
    for (Link link : links) {
      link.cut();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          client.close();
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Link link = new Link(client, upstream, newLinkBudget);
        links.add(link);
        link.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cutAll();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** One proxied connection: two pumps sharing one byte budget. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private final AtomicLong transferred = new AtomicLong();
    private volatile long budget;
    private final AtomicBoolean closedOnce = new AtomicBoolean();

    Link(Socket client, Socket upstream, long budget) {
      this.client = client;
      this.upstream = upstream;
      this.budget = budget;
    }

    void start() throws IOException {
      startPump(client.getInputStream(), upstream.getOutputStream(), "up");
      startPump(upstream.getInputStream(), client.getOutputStream(), "down");
    }

    private void startPump(InputStream in, OutputStream out, String direction) {
      Thread pump = new Thread(() -> pump(in, out), "ssh-proxy-" + direction + "-" + client.getPort());
      pump.setDaemon(true);
      pump.start();
    }

    private void pump(InputStream in, OutputStream out) {
      byte[] buffer = new byte[64 * 1024];
      try {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          long before = transferred.getAndAdd(read);
          long allowed = budget - before;
          if (allowed < read) {
            if (allowed > 0) {
              out.write(buffer, 0, (int) allowed);
              out.flush();
            }
            if (cut(true)) {
              cuts.incrementAndGet();
            }
            return;
          }
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed or the link was cut
      }
      cut(false);
    }

    void cut() {
      cut(false);
    }

    /** Closes both sockets; returns whether this call did it (not an earlier one). */
    private boolean cut(boolean forBudget) {
      if (!closedOnce.compareAndSet(false, true)) {
        return false;
      }
      links.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
      return forBudget;
    }

    private void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
