package dev.remotegpu.testfixtures.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Key generation and OpenSSH file formats for the test hosts. */
final class TestKeys {
  private TestKeys() {
  }

  /** A fresh ECDSA P-256 key pair (fast to make; understood by OpenSSH and MINA without extra libraries). */
  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot generate EC keys", e);
    }
  }

  /** Writes {@code keyPair} as an unencrypted OpenSSH private key file readable only by its owner. */
  static void writePrivateKey(KeyPair keyPair, Path file) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(file)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "remotegpu-test", null, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the private key file " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encode the private key for " + file, e);
    }
  }

  /** The key in authorized_keys / known_hosts form: "ecdsa-sha2-nistp256 AAAA...". */
  static String publicKeyLine(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }

  /** A known_hosts line for {@code host}:{@code port}. */
  static String knownHostsLine(String host, int port, PublicKey key) {
    String name = port == 22 ? host : "[" + host + "]:" + port;
    return name + " " + publicKeyLine(key);
  }

  /** Writes {@code line} as the only entry of the known_hosts file {@code file} and returns {@code file}. */
  static Path writeKnownHosts(Path file, String line) {
    java.util.Objects.requireNonNull(file, "file");
    try {
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write known_hosts file " + file, e);
    }
  }
}
