package dev.remotegpu.testfixtures.doubles;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.launch.LaunchAttempt;
import dev.remotegpu.core.launch.LaunchListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LaunchListener} that keeps every event as a line, in order: {@code "start 1 A4000@ny2"},
 * {@code "fail 1 A4000@ny2 <reason>"}, {@code "wait before round 2"}, {@code "adopted <id>"},
 * {@code "launched <id> on A4000@ny2"}. Thread-safe.
 */
public final class RecordingLaunchListener implements LaunchListener {
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** A listener that has recorded nothing yet. */
  public RecordingLaunchListener() {
  }

  /** The events so far, oldest first (a snapshot). */
  public List<String> events() {
    return List.copyOf(events);
  }

  @Override
  public void attemptStarted(int attempt, LaunchCandidate candidate) {
    events.add("start " + attempt + " " + candidate);
  }

  @Override
  public void attemptFailed(LaunchAttempt attempt) {
    events.add("fail " + attempt.number() + " " + attempt.candidate() + " " + attempt.reason());
  }

  @Override
  public void backingOff(Duration wait, int nextRound) {
    events.add("wait before round " + nextRound);
  }

  @Override
  public void adopted(String machineName, String machineId) {
    events.add("adopted " + machineId);
  }

  @Override
  public void launched(LaunchCandidate candidate, String machineName, String machineId) {
    events.add("launched " + machineId + " on " + candidate);
  }
}
