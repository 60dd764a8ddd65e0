/**
 * SSH for remotegpu: connections with verified host keys ({@link dev.remotegpu.ssh.SshConnector}),
 * commands as argv lists quoted by one function ({@link dev.remotegpu.ssh.ShellQuoting}), and detached
 * jobs under tmux or nohup ({@link dev.remotegpu.ssh.SshJobs}).
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}
 * and collections are empty.
 */
package dev.remotegpu.ssh;
