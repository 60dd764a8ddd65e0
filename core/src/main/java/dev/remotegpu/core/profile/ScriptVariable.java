package dev.remotegpu.core.profile;

import java.util.Objects;

/**
 * One variable of the run scripts' templates as a platform sets it, for example DURABLE_DIR=/mnt/durable.
 *
 * @param name the variable name
 * @param value its value; empty when the platform leaves it unset
 * @param comment why it has this value
 */
public record ScriptVariable(String name, String value, String comment) {

  public ScriptVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(comment, "comment");
  }
}
