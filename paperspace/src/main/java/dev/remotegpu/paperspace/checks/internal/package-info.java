/** Helpers of the checks (the leftover-billables findings); not API. Never null. */
package dev.remotegpu.paperspace.checks.internal;
