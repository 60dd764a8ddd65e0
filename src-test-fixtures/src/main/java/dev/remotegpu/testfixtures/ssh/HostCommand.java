package dev.remotegpu.testfixtures.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An exec request run for real as {@code setsid /bin/sh -c COMMAND} in the host's root, in its own
 * process group so that a signal request or an early channel close reaches the whole command.
 */
final class HostCommand implements Command {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String command;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exitCallback;
  private volatile Process process;

  HostCommand(String command, Path workingDirectory, Map<String, String> environment) {
    this.command = command;
    this.workingDirectory = workingDirectory;
    this.environment = environment;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exitCallback = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    List<String> argv = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      argv.add(SETSID.toString());
    }
    argv.addAll(List.of("/bin/sh", "-c", command));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile());
    Map<String, String> processEnvironment = builder.environment();
    processEnvironment.remove("TMUX");
    processEnvironment.remove("TMUX_PANE");
    processEnvironment.putAll(environment);
    Process started = builder.start();
    process = started;
    env.addSignalListener((ignored, signal) -> signalGroup(signal));
    Thread stdin = daemon("stdin", () -> copyInput(started));
    Thread stdout = daemon("stdout", () -> copy(started.getInputStream(), out));
    Thread stderr = daemon("stderr", () -> copy(started.getErrorStream(), err));
    stdin.start();
    stdout.start();
    stderr.start();
    daemon("wait", () -> {
      int exit;
      try {
        exit = started.waitFor();
        stdout.join(2000);
        stderr.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exit = 130;
      }
      exitCallback.onExit(exit);
    }).start();
  }

  private void copyInput(Process started) {
    try (OutputStream toProcess = started.getOutputStream()) {
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        toProcess.write(buffer, 0, read);
        toProcess.flush();
      }
    } catch (IOException e) {
      // the process closed its input or the channel went away
    }
  }

  private static void copy(InputStream from, OutputStream to) {
    byte[] buffer = new byte[32 * 1024];
    try {
      int read;
      while ((read = from.read(buffer)) >= 0) {
        to.write(buffer, 0, read);
        to.flush();
      }
    } catch (IOException e) {
      // the channel closed
    }
  }

  private void signalGroup(Signal signal) {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    kill(signal.name(), current.pid());
  }

  static void kill(String signal, long groupLeader) {
    try {
      new ProcessBuilder("kill", "-s", signal, "--", "-" + groupLeader).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // nothing to signal
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process current = process;
    if (current != null && current.isAlive()) {
      kill("KILL", current.pid());
      current.destroyForcibly();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, "embedded-ssh-" + name);
    thread.setDaemon(true);
    return thread;
  }
}
