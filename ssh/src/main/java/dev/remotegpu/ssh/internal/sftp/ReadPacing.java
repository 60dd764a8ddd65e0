package dev.remotegpu.ssh.internal.sftp;

import java.time.Duration;

/**
 * Keeps the bytes of SFTP reads in flight on one channel near the link's bandwidth-delay product, judged by how
 * long each answer takes, as TCP Vegas does: an answer back within about one round trip says the link has room
 * (the budget grows by that answer, so it doubles per round trip), an answer that queued behind others says it
 * is full (the budget shrinks by a quarter, at most once per round trip).
 *
 * <p>Why not simply ask for the most the window allows: whatever is asked beyond what the path holds waits in
 * the server. OpenSSH's sshd then keeps a channel buffer of many megabytes that it grows and compacts with whole
 * copies (its CPU goes to {@code memmove}, page faults and {@code munmap}), and a pull that asked for twice the
 * bandwidth-delay product fell from 125 to 1-10 MB/s for seconds at a time on an emulated 80 ms link.
 */
final class ReadPacing {
  /** An answer within {@code GROW_WITHIN x round trip + SLACK} lets the budget grow. */
  static final double GROW_WITHIN = 1.15;
  /** An answer later than {@code SHRINK_AFTER x round trip + 2 x SLACK} makes the budget shrink. */
  static final double SHRINK_AFTER = 1.3;
  /** Server and client time around each answer that is not queueing (disk, scheduling, one read's own bytes). */
  static final long SLACK_NANOS = Duration.ofMillis(3).toNanos();
  /** What is kept of the budget when answers queue. */
  static final double SHRINK_TO = 0.75;

  private final long roundTripNanos;
  private final long floor;
  private final long cap;
  private long budget;
  private long lastShrink = Long.MIN_VALUE / 2;

  /**
   * @param roundTrip the measured round trip of the session
   * @param floor the least budget, whatever the answers say
   * @param cap the most, whatever the answers say (the window)
   * @param start the budget before any answer
   */
  ReadPacing(Duration roundTrip, long floor, long cap, long start) {
    this.roundTripNanos = roundTrip.toNanos();
    this.floor = Math.min(floor, cap);
    this.cap = cap;
    this.budget = Math.max(this.floor, Math.min(cap, start));
  }

  /** The bytes of reads the channel's open files may keep in flight now, shared between them. */
  synchronized long budget() {
    return budget;
  }

  /** Learns from one answer of {@code bytes} that was asked at {@code askedNanos} and came at {@code answeredNanos}. */
  synchronized void answered(long askedNanos, long answeredNanos, long bytes) {
    long took = answeredNanos - askedNanos;
    if (took <= GROW_WITHIN * roundTripNanos + SLACK_NANOS) {
      budget = Math.min(cap, budget + bytes);
    } else if (took > SHRINK_AFTER * roundTripNanos + 2 * SLACK_NANOS
        && answeredNanos - lastShrink >= roundTripNanos) {
      budget = Math.max(floor, (long) (budget * SHRINK_TO));
      lastShrink = answeredNanos;
    }
  }

  @Override
  public synchronized String toString() {
    return "ReadPacing[budget=" + budget + ", floor=" + floor + ", cap=" + cap + "]";
  }
}
