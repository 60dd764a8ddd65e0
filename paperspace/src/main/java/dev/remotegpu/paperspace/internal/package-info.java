/**
 * The Paperspace API client (OkHttp and Moshi), its JSON types, error mapping, and the implementation
 * behind {@link dev.remotegpu.paperspace.PaperspacePlatform}; not an API. Methods never return null:
 * JSON fields the API may leave out are mapped to {@link java.util.Optional} at this package's edge.
 */
package dev.remotegpu.paperspace.internal;
