package dev.remotegpu.core.internal.json;

/** Text that is not strict JSON; the message names the offset of the first error. */
public final class JsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  JsonException(String message) {
    super(message);
  }
}
