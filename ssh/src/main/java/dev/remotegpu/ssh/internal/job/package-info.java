/** Detached jobs under tmux or nohup over SSH; not a public API. Nothing here accepts or returns null. */
package dev.remotegpu.ssh.internal.job;
