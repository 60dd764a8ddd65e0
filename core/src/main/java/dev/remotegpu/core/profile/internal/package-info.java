/**
 * Implementation helpers for the profile queries (text search over gotchas, path matching); not API.
 * Nothing here returns or accepts {@code null}.
 */
package dev.remotegpu.core.profile.internal;
