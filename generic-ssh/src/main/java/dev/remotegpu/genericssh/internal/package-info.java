/**
 * The implementation behind {@link dev.remotegpu.genericssh.GenericSshPlatform}: the profile's data, the gotcha
 * search, the box as a {@link dev.remotegpu.core.Machine}, the connect-and-verify probe and the manual teardown
 * actions; not an API.
 */
package dev.remotegpu.genericssh.internal;
