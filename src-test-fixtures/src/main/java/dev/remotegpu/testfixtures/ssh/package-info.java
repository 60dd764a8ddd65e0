/**
 * SSH hosts for tests on 127.0.0.1: {@link dev.remotegpu.testfixtures.ssh.EmbeddedSshHost} (Apache MINA
 * SSHD with a real shell, SFTP and fault injection) and {@link dev.remotegpu.testfixtures.ssh.OpenSshDaemon}
 * (the system's OpenSSH sshd with a private config).
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}.
 */
package dev.remotegpu.testfixtures.ssh;
