package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.internal.PathRules;
import dev.remotegpu.core.checkpoint.internal.VerificationSidecar;
import java.util.List;
import java.util.Set;

/**
 * The path rules every {@link CheckpointStore} implementation applies (public so a store in another module, such as
 * the SFTP store, applies the same ones): a store path is relative and safe ({@link #checkRelativePath}), and only
 * the SDK's own temporary files may be removed. Which store paths are the SDK's own temporary files, the only ones a {@code CheckpointStore} may remove: a
 * {@code *.tmp} partial transfer inside {@code export/.partial/<id>/}, the {@code .tmp} copy of a manifest,
 * verification record or verification sidecar being written, and a code upload's {@code *.upload.tmp} outside
 * the checkpoint roots. Everything else (a run in {@code active/}, a bundle, {@code quarantine/}, a user's own
 * {@code optimizer.tmp}, any directory) is durable data, removed only by a teardown plan.
 */
public final class StorePaths {
  private static final Set<String> CHECKPOINT_ROOTS = Set.of("active", "export", "quarantine", "superseded");

  private StorePaths() {}

  /**
   * Refuses, naming it, a store path that is empty, absolute, has a backslash, a NUL, or a {@code ..}, {@code .} or
   * empty segment.
   *
   * @throws ValidationException when the path is unsafe
   */
  public static void checkRelativePath(String path) {
    PathRules.checkRelativePath(path);
  }

  /** Whether the path names one of the SDK's own temporary files. */
  public static boolean isTemporary(String path) {
    PathRules.checkRelativePath(path);
    String[] segments = path.split("/");
    String name = segments[segments.length - 1];
    if (!name.endsWith(".tmp")) {
      return false;
    }
    if (segments.length >= 4 && segments[0].equals("export") && segments[1].equals(".partial")) {
      return true;
    }
    if (name.equals(CheckpointManifest.FILE_NAME + ".tmp") || name.equals(PullVerified.FILE_NAME + ".tmp")
        || name.endsWith(VerificationSidecar.SUFFIX + ".tmp")) {
      return true;
    }
    return name.endsWith(".upload.tmp") && !CHECKPOINT_ROOTS.contains(segments[0]);
  }

  /** Refuses, naming it, a path that is not one of the SDK's own temporary files. */
  public static void requireTemporary(String path, String location) {
    if (!isTemporary(path)) {
      throw refusal(path, location, "it is not one of the SDK's own temporary files");
    }
  }

  /** The refusal of a directory named like a temporary file. */
  public static ValidationException directoryRefused(String path, String location) {
    return refusal(path, location, "it is a directory");
  }

  private static ValidationException refusal(String path, String location, String why) {
    return new ValidationException("refusing to discard " + path + " in " + location, List.of(
        new ValidationException.Issue(path, why + "; a store removes only the SDK's own temporary files (a *.tmp"
            + " transfer in export/.partial/<id>/, a .tmp copy of a manifest or record, a *.upload.tmp), and"
            + " durable data is deleted only by a teardown plan with approval and evidence")));
  }
}
