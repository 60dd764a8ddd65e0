/**
 * A box you own, reached only by SSH, as a remotegpu {@link dev.remotegpu.core.platform.Platform}: no platform API, so a
 * launch connects to the box and verifies it, and a teardown is a priced manual step ("stop the box in your
 * provider's console") that the plan hands to you only after the Iron Law allowed it. Start with
 * {@link dev.remotegpu.genericssh.GenericSshPlatform#builder()}.
 */
package dev.remotegpu.genericssh;
