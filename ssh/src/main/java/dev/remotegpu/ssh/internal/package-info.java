/** The Apache MINA SSHD implementation of the SSH API; not a public API. Nothing here accepts or returns null. */
package dev.remotegpu.ssh.internal;
