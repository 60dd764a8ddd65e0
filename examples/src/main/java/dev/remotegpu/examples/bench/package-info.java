/**
 * The checkpoint sync benchmark: the SDK's SFTP pull against scp, rsync and sha256sum on the same loopback
 * OpenSSH sshd, interleaved. Never null across this package's methods.
 */
package dev.remotegpu.examples.bench;
