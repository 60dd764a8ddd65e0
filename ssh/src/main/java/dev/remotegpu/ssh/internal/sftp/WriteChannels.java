package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;

/**
 * The SFTP channels a store's uploads are spread over. A channel carries at most the server's window per round
 * trip (OpenSSH's sshd grants 2 MiB, whatever the client asks), so on a long link one channel caps a push at
 * about 2 MiB / RTT; files (or pieces of one big file, see {@link SftpCheckpointStore#writeAt}) written at the
 * same time each go to the channel with the fewest writers, and a new
 * channel is opened (up to {@code maxChannels}, sized by {@link LinkTuning#writeChannels}) rather than sharing
 * one. The first channel is the store's own and is not closed here.
 */
final class WriteChannels {
  /** One channel and how many files are being written over it. */
  private static final class Slot {
    final SftpClient client;
    int writers;

    Slot(SftpClient client) {
      this.client = client;
    }
  }

  private final ClientSession session;
  private final String location;
  private final List<Slot> slots = new ArrayList<>();
  private final int maxChannels;
  private int opening;
  private volatile boolean closed;

  /**
   * The pool over {@code first}, sized from the measured link and the server's window on {@code first};
   * {@code location} names the store in messages.
   */
  WriteChannels(ClientSession session, String location, SftpClient first, LinkTuning tuning) {
    this.session = session;
    this.location = location;
    this.slots.add(new Slot(first));
    this.maxChannels = Math.max(1, tuning.writeChannels(serverWindow(first)));
  }

  /** The window the server granted on a channel: what one channel may have unacknowledged. */
  static long serverWindow(SftpClient client) {
    if (client instanceof AbstractSftpClient sftp) {
      // MINA leaves the maximum at 0 for OpenSSH's channels: the window still unused right after the open is it.
      RemoteWindow window = sftp.getChannel().getRemoteWindow();
      long granted = Math.max(window.getMaxSize(), window.getSize());
      if (granted > 0) {
        return granted;
      }
    }
    return LinkTuning.DEFAULT_WINDOW;
  }

  /** How many channels this pool may open in all. */
  int maxChannels() {
    return maxChannels;
  }

  /** How many channels are open now. */
  synchronized int openChannels() {
    return slots.size();
  }

  /**
   * A channel for one more file: an idle one, else a new one while the pool may grow, else the least busy. A new
   * channel takes round trips to open: it is opened outside the pool's lock, so other files are not held up.
   */
  SftpClient lease() throws IOException {
    synchronized (this) {
      if (closed) {
        throw new IOException("the SFTP session of this store was replaced; write again to use the new one");
      }
      Slot best = slots.get(0);
      for (Slot slot : slots) {
        if (slot.writers < best.writers) {
          best = slot;
        }
      }
      if (best.writers == 0 || slots.size() + opening >= maxChannels) {
        best.writers++;
        return best.client;
      }
      opening++;
    }
    SftpClient opened = null;
    try {
      opened = SftpCheckpointStore.openChannel(session, location);
    } finally {
      synchronized (this) {
        opening--;
        if (opened != null && !closed) {
          Slot slot = new Slot(opened);
          slot.writers++;
          slots.add(slot);
        }
      }
    }
    if (closed) {
      opened.close();
      throw new IOException("the SFTP session of this store was replaced; write again to use the new one");
    }
    return opened;
  }

  /** Gives back a channel leased by {@link #lease}. */
  synchronized void release(SftpClient client) {
    for (Slot slot : slots) {
      if (slot.client == client) {
        slot.writers--;
        return;
      }
    }
  }

  /** Wraps a stream written over a leased channel so that closing it gives the channel back. */
  OutputStream releasingOnClose(OutputStream out, SftpClient leased) {
    return new OutputStream() {
      private boolean released;

      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } finally {
          if (!released) {
            released = true;
            release(leased);
          }
        }
      }
    };
  }

  /** Closes the channels this pool opened (not the store's own). */
  synchronized void close() {
    closed = true;
    for (Slot slot : slots.subList(1, slots.size())) {
      try {
        slot.client.close();
      } catch (IOException ignored) {
        // the session is gone already
      }
    }
    slots.subList(1, slots.size()).clear();
  }
}
