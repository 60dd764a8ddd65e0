package dev.remotegpu.examples.cli;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The real Paperspace API: the key from {@code PAPERSPACE_API_KEY} (never printed), the URL from
 * {@code PAPERSPACE_API_URL} when set, the SDK's default launch ledger ({@code ~/.remotegpu}), and SSH with the
 * user's key and known_hosts.
 */
final class LiveBackend implements Backend {
  private final PaperspacePlatform platform;
  private final String baseUrl;
  private final String apiKey;
  private final Path sshKey;
  private final Path knownHosts;
  private final boolean acceptNewHostKey;
  private RemoteAccess access;

  private LiveBackend(PaperspacePlatform platform, String baseUrl, String apiKey, Path sshKey, Path knownHosts,
      boolean acceptNewHostKey) {
    this.platform = platform;
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.sshKey = sshKey;
    this.knownHosts = knownHosts;
    this.acceptNewHostKey = acceptNewHostKey;
  }

  /** The API of {@code env}; throws {@link CliException} (exit 4) when the key is not set. */
  static LiveBackend fromEnvironment(Map<String, String> env, CommonOptions options) {
    String key = env.getOrDefault(PaperspacePlatform.API_KEY_VARIABLE, "");
    if (key.isBlank()) {
      throw new CliException(ExitCodes.CONFIG, PaperspacePlatform.API_KEY_VARIABLE + " is not set: export your"
          + " Paperspace API key (it is never printed), or add --simulated to try this on the embedded simulator");
    }
    String url = env.getOrDefault(PaperspacePlatform.API_URL_VARIABLE, "").strip();
    PaperspacePlatform.Builder builder = PaperspacePlatform.builder().apiKey(key);
    if (!url.isEmpty()) {
      builder.baseUrl(url);
    }
    if (options.ledger != null) {
      builder.ledger(LaunchLedgers.inFile(options.ledger));
    }
    PaperspacePlatform platform = builder.build();
    return new LiveBackend(platform, url.isEmpty() ? PaperspacePlatform.DEFAULT_BASE_URL : url, key,
        options.sshKey(), options.knownHosts(), options.acceptNewHostKey);
  }

  @Override
  public Platform platform() {
    return platform;
  }

  @Override
  public synchronized RemoteAccess access() {
    if (access == null) {
      if (!Files.isReadable(sshKey)) {
        throw new CliException(ExitCodes.CONFIG, "the SSH private key " + sshKey + " is not readable: pass"
            + " --ssh-key PATH (the key whose public half is on your Paperspace account)");
      }
      SshRemoteAccess.Builder builder = SshRemoteAccess.builder().privateKey(sshKey)
          .profile(platform.profile()).acceptNewHostKeys(acceptNewHostKey);
      if (Files.exists(knownHosts)) {
        builder.knownHosts(knownHosts);
      }
      access = builder.build();
    }
    return access;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public String apiBaseUrl() {
    return baseUrl;
  }

  @Override
  public String apiKey() {
    return apiKey;
  }

  @Override
  public String remoteRoot(String requested) {
    return requested;
  }

  @Override
  public LaunchRequest prepare(LaunchRequest request) {
    return request;
  }

  @Override
  public String describe() {
    return "Paperspace API at " + baseUrl;
  }

  @Override
  public void close() {
    // The platform holds no resources of its own; machines and their bills stay as they are.
  }
}
