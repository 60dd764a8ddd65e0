/**
 * A tiny strict JSON reader and a writer that matches Python's {@code json.dumps(indent=2, sort_keys=True)}
 * byte for byte, so core needs no JSON library. Never null across this package's methods: a JSON
 * {@code null} is {@link dev.remotegpu.core.internal.json.Json#NULL}.
 */
package dev.remotegpu.core.internal.json;
