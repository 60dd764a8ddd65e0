/**
 * The Paperspace profile: every fact of the platform as queryable data, audited against the seed in
 * one class ({@code PaperspaceProfileData}); start from {@link dev.remotegpu.paperspace.profile.PaperspaceProfile#get()}.
 * Nothing in this package returns or accepts {@code null}.
 */
package dev.remotegpu.paperspace.profile;
