package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * The remote directories a store has seen or made, and the making of missing ones. Every missing level of every
 * directory asked for is made in one pipelined batch ({@link SftpBatch}: a {@code MKDIR} then an {@code LSTAT} of
 * each, shallowest first), so a deep new tree costs one round trip, not a stat and a mkdir per level; "already
 * exists" is read from the {@code LSTAT}, not from the {@code MKDIR}'s status. A directory being made by one writer
 * is awaited by the others, never asked for twice. A directory found gone later is forgotten ({@link #forget})
 * and made again on the next write.
 */
final class RemoteDirectories {
  /** Rounds after which directories that stay missing are reported (each round but the last made progress). */
  private static final int MAX_ROUNDS = 64;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Void>> making = new ConcurrentHashMap<>();

  /** Makes {@code dirs} (absolute, or relative to the login directory) and their missing parents. */
  void make(SftpClient c, Collection<String> dirs) throws IOException {
    for (int round = 0; ; round++) {
      TreeSet<String> missing = new TreeSet<>(Comparator.comparingInt(RemoteDirectories::depth)
          .thenComparing(Comparator.naturalOrder()));
      for (String dir : dirs) {
        for (String d = dir; !isTop(d) && !known.contains(d); d = parentOf(d)) {
          missing.add(d);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      List<String> mine = new ArrayList<>();
      List<CompletableFuture<Void>> others = new ArrayList<>();
      CompletableFuture<Void> claim = new CompletableFuture<>();
      for (String d : missing) {
        CompletableFuture<Void> other = making.putIfAbsent(d, claim);
        if (other == null) {
          mine.add(d);
        } else {
          others.add(other);
        }
      }
      IOException failure = null;
      IOException notMade = null;
      boolean progress = false;
      try {
        SftpBatch batch = new SftpBatch(c);
        for (String d : mine) {
          batch.mkdir(d).lstat(d);
        }
        List<SftpBatch.Answer> answers = batch.answers();
        for (int i = 0; i < mine.size() && failure == null; i++) {
          String d = mine.get(i);
          SftpBatch.Answer made = answers.get(2 * i);
          SftpBatch.Answer seen = answers.get(2 * i + 1);
          if (seen.found() && seen.kind() == SftpBatch.Kind.DIRECTORY) {
            known.add(d);
            progress = true;
          } else if (seen.found()) {
            failure = new IOException("cannot make directory " + d + ": a " + seen.kind().name().toLowerCase()
                + " of that name is in the way; remove it or choose another store root");
          } else if (!seen.missing()) {
            failure = new SftpException(seen.status(), "cannot make directory " + d + ": " + seen.message());
          } else if (notMade == null) {
            // Missing still: a parent another writer is making, or a real refusal (the MKDIR's status says which).
            notMade = new SftpException(made.status(), "cannot make directory " + d + ": " + made.message());
          }
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        mine.forEach(d -> making.remove(d, claim));
        claim.complete(null); // the others look for themselves in their next round
      }
      if (failure != null) {
        throw failure;
      }
      others.forEach(CompletableFuture::join);
      if (notMade != null && (!progress && others.isEmpty() || round >= MAX_ROUNDS)) {
        throw notMade;
      }
    }
  }

  /** Forgets {@code dir} and its known ancestors; true when any was known (so making them again may help). */
  boolean forget(String dir) {
    boolean was = false;
    for (String d = dir; !isTop(d); d = parentOf(d)) {
      was |= known.remove(d);
    }
    return was;
  }

  static String parentOf(String file) {
    int slash = file.lastIndexOf('/');
    return slash <= 0 ? (slash == 0 ? "/" : ".") : file.substring(0, slash);
  }

  private static boolean isTop(String dir) {
    return dir.equals("/") || dir.equals(".") || dir.isEmpty();
  }

  private static int depth(String dir) {
    return (int) dir.chars().filter(ch -> ch == '/').count();
  }
}
