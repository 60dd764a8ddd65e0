package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.remote.RemoteSession;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.testfixtures.SimulatedClock;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SshRemoteAccess keeps trying only while waiting can help: a refused login key or an unknown host key
 * fails at once, with a non-retryable exception, however long the boot wait is.
 */
class SshRemoteAccessTest {
  /** Long enough that a retry loop over a refusal would end with the "did not answer" message instead. */
  static final Duration LONG_BOOT_WAIT = Duration.ofMinutes(10);

  @RegisterExtension
  static final SshTestHost.Embedded HOST = SshTestHost.embedded();

  /** A machine that only has an id and a name: SshRemoteAccess needs no more with an explicit endpoint. */
  static Machine machine() {
    return (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "id" -> "psm-test-1";
          case "name" -> "rgpu-test";
          case "toString" -> "Machine[psm-test-1]";
          default -> throw new AssertionError("SshRemoteAccess should not call Machine." + method.getName());
        });
  }

  @Test
  void opensASessionWithTheRightKeyAndAKnownHostKey() {
    SshRemoteAccess access = SshRemoteAccess.builder().privateKey(HOST.host().clientKeyPair())
        .knownHosts(HOST.host().writeKnownHosts(HOST.client().resolve("known_hosts_ok")))
        .endpoint(m -> HOST.host().endpoint()).bootWait(LONG_BOOT_WAIT).build();

    try (RemoteSession session = access.open(machine())) {
      assertThat(session.isOpen()).isTrue();
      assertThat(session.run(List.of("echo", "hello"), Duration.ofSeconds(30)).stdout()).isEqualTo("hello\n");
    }
  }

  @Test
  void aRefusedLoginKeyFailsAtOnceAndIsNotRetryable() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    SshRemoteAccess access = SshRemoteAccess.builder().privateKey(generator.generateKeyPair())
        .knownHosts(HOST.host().writeKnownHosts(HOST.client().resolve("known_hosts_auth")))
        .endpoint(m -> HOST.host().endpoint()).bootWait(LONG_BOOT_WAIT).build();

    assertThatThrownBy(() -> access.open(machine()))
        .isInstanceOf(SshException.class)
        .hasMessageContaining("authentication")
        .hasMessageContaining("authorized_keys")
        .hasMessageNotContaining("did not answer SSH")
        .satisfies(e -> assertThat(((SshException) e).retryable()).isFalse());
  }

  @Test
  void anUnknownHostKeyFailsAtOnceAndIsNotRetryable() {
    SshRemoteAccess access = SshRemoteAccess.builder().privateKey(HOST.host().clientKeyPair())
        .knownHosts(HOST.client().resolve("empty_known_hosts"))
        .endpoint(m -> HOST.host().endpoint()).bootWait(LONG_BOOT_WAIT).build();

    assertThatThrownBy(() -> access.open(machine()))
        .isInstanceOf(UnknownHostKeyException.class)
        .satisfies(e -> assertThat(((SshException) e).retryable()).isFalse());
  }

  @Test
  void aHostThatDoesNotAnswerIsRetriedUntilTheBootWaitAndNamesTheMachine() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    SshRemoteAccess access = SshRemoteAccess.builder().privateKey(HOST.host().clientKeyPair())
        .knownHosts(HOST.client().resolve("unused_known_hosts"))
        .endpoint(m -> new SshEndpoint("127.0.0.1", closedPort, "ubuntu"))
        .profile(profileCiting("NET6"))
        .bootWait(Duration.ZERO).build();

    assertThatThrownBy(() -> access.open(machine()))
        .isInstanceOf(SshException.class)
        .hasMessageContaining("psm-test-1").hasMessageContaining("did not answer SSH")
        .satisfies(e -> assertThat(((SshException) e).retryable()).isTrue())
        .satisfies(e -> assertThat(((SshException) e).gotchaId()).contains("NET6"));
  }

  /** A profile whose only answer is {@code gotchaId} for an address that changes; ssh knows no platform's ids. */
  static PlatformProfile profileCiting(String gotchaId) {
    return (PlatformProfile) Proxy.newProxyInstance(PlatformProfile.class.getClassLoader(),
        new Class<?>[] {PlatformProfile.class}, (proxy, method, args) -> {
          if (method.getName().equals("gotchaIdFor") && args[0] == Hazard.ADDRESS_CHANGES) {
            return Optional.of(gotchaId);
          }
          throw new AssertionError("unexpected call PlatformProfile." + method.getName());
        });
  }

  @Test
  void aBootWaitOfHoursIsSpentOnTheTimeSourceNotInRealTime() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    SimulatedClock clock = SimulatedClock.at("2026-11-30T07:00:00Z");
    SshRemoteAccess access = SshRemoteAccess.builder().privateKey(HOST.host().clientKeyPair())
        .knownHosts(HOST.client().resolve("unused_known_hosts"))
        .endpoint(m -> new SshEndpoint("127.0.0.1", closedPort, "ubuntu"))
        .profile(profileCiting("NET6"))
        .connectRetries(BackoffPolicy.exponential(Duration.ofMinutes(1), Duration.ofMinutes(30)).jitter(0))
        .timeSource(clock.timeSource())
        .bootWait(Duration.ofHours(3)).build();
    Instant start = clock.instant();
    long realStart = System.nanoTime();

    assertThatThrownBy(() -> access.open(machine()))
        .isInstanceOf(SshException.class).hasMessageContaining("within 10800 s")
        .satisfies(e -> assertThat(((SshException) e).gotchaId()).contains("NET6"));
    // 1 + 2 + 4 + 8 + 16 + 30 + 30 + 30 + 30 + 29 (the last clipped to the deadline) minutes, none of them real
    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofHours(3));
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(20));
  }

  /** A machine in {@code state} with the given public IP kind and address. */
  static Machine machineWith(PublicIpType type, Optional<String> ip, String state) {
    return (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "id" -> "psm-test-2";
          case "name" -> "rgpu-test";
          case "ssh" -> ip.map(address -> SshEndpoint.of(address, "ubuntu"));
          case "publicIpType" -> type;
          case "rawState" -> state;
          default -> throw new AssertionError("unexpected call Machine." + method.getName());
        });
  }

  /**
   * Attack: reach a machine as a user ssh made up ("paperspace" was hard-coded here). The default endpoint is the
   * machine's own, with the user its platform set; a user given to the builder replaces only the user.
   */
  @Test
  void theDefaultEndpointIsTheMachinesOwnWithItsPlatformsUser() {
    Machine running = machineWith(PublicIpType.DYNAMIC, Optional.of("203.0.113.7"), "ready");
    assertThat(SshRemoteAccess.machineEndpoint(running, Optional.empty(), Optional.empty()))
        .isEqualTo(new SshEndpoint("203.0.113.7", 22, "ubuntu"));
    assertThat(SshRemoteAccess.machineEndpoint(running, Optional.of("root"), Optional.empty()))
        .isEqualTo(new SshEndpoint("203.0.113.7", 22, "root"));
  }

  /** Attack: a machine with no address gets an error citing a gotcha ssh made up; it cites the profile's or none. */
  @Test
  void noAddressSaysWhyCitingOnlyTheProfilesGotcha() {
    Machine off = machineWith(PublicIpType.DYNAMIC, Optional.empty(), "off");
    assertThatThrownBy(() -> SshRemoteAccess.machineEndpoint(off, Optional.empty(), Optional.of("NET6")))
        .isInstanceOf(SshException.class).hasMessageContaining("state off").hasMessageContaining("(NET6)")
        .satisfies(e -> assertThat(((SshException) e).gotchaId()).contains("NET6"))
        .satisfies(e -> assertThat(((SshException) e).retryable()).isTrue());
    assertThatThrownBy(() -> SshRemoteAccess.machineEndpoint(off, Optional.empty(), Optional.empty()))
        .isInstanceOf(SshException.class).hasMessageNotContaining("PS")
        .satisfies(e -> assertThat(((SshException) e).gotchaId()).isEmpty());
    assertThatThrownBy(() -> SshRemoteAccess.machineEndpoint(
        machineWith(PublicIpType.NONE, Optional.empty(), "ready"), Optional.empty(), Optional.empty()))
        .isInstanceOf(SshException.class).hasMessageContaining("without a public IP")
        .satisfies(e -> assertThat(((SshException) e).retryable()).isFalse());
  }
}
