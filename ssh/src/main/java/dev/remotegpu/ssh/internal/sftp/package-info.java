/**
 * The SFTP side of checkpoint sync: a {@link dev.remotegpu.core.checkpoint.CheckpointStore} over Apache MINA
 * SSHD's SFTP client with pipelined 255 KiB reads. Never null across this package's methods.
 */
package dev.remotegpu.ssh.internal.sftp;
