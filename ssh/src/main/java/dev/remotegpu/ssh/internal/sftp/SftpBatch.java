package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;

/**
 * Path requests ({@code LSTAT}, {@code MKDIR}) sent all at once over one SFTP channel and answered together: many
 * files described or directories made in one round trip instead of one each. Requests are sent in the order given
 * (OpenSSH's and MINA's servers answer them in that order, so a directory's {@code MKDIR} is done before an
 * {@code LSTAT} of it sent after); each answer is read back separately, so a failure of one does not hide the rest.
 */
final class SftpBatch {
  /** What a file system entry is, as far as a sync cares. */
  enum Kind { FILE, DIRECTORY, LINK, OTHER }

  /**
   * One answer: the entry's attributes, or the server's status when there are none.
   *
   * @param status {@link SftpConstants#SSH_FX_OK} with attributes, else the failure's status code
   */
  record Answer(int status, String message, Kind kind, long size, Instant modified) {
    boolean missing() {
      return status == SftpConstants.SSH_FX_NO_SUCH_FILE;
    }

    boolean found() {
      return status == SftpConstants.SSH_FX_OK && kind != null;
    }
  }

  private final RawSftpClient raw;
  private final int version;
  private final List<Integer> sent = new ArrayList<>();

  SftpBatch(SftpClient client) {
    if (!(client instanceof RawSftpClient r)) {
      throw new IllegalArgumentException("pipelined requests need MINA's raw SFTP client, not "
          + client.getClass().getName());
    }
    this.raw = r;
    this.version = client.getVersion();
  }

  /** Asks for {@code path}'s own attributes (a link is described, not followed). */
  SftpBatch lstat(String path) throws IOException {
    Buffer b = pathBuffer(path, 4);
    if (version >= SftpConstants.SFTP_V4) {
      b.putUInt(SftpConstants.SSH_FILEXFER_ATTR_SIZE | SftpConstants.SSH_FILEXFER_ATTR_MODIFYTIME
          | SftpConstants.SSH_FILEXFER_ATTR_PERMISSIONS);
    }
    sent.add(raw.send(SftpConstants.SSH_FXP_LSTAT, b));
    return this;
  }

  /** Asks to make directory {@code path} (default permissions). */
  SftpBatch mkdir(String path) throws IOException {
    Buffer b = pathBuffer(path, 8);
    b.putUInt(0); // no attributes: the server's default mode
    if (version >= SftpConstants.SFTP_V4) {
      b.putByte((byte) SftpConstants.SSH_FILEXFER_TYPE_DIRECTORY);
    }
    sent.add(raw.send(SftpConstants.SSH_FXP_MKDIR, b));
    return this;
  }

  private static Buffer pathBuffer(String path, int extra) {
    Buffer b = new ByteArrayBuffer(path.length() * 3 + Integer.BYTES + extra, false);
    b.putString(path);
    return b;
  }

  /** The answers of every request sent, in the order sent; all are read, even after a failure. */
  List<Answer> answers() throws IOException {
    List<Answer> out = new ArrayList<>(sent.size());
    IOException broken = null;
    for (int id : sent) {
      try {
        out.add(parse(raw.receive(id)));
      } catch (IOException e) {
        if (broken == null) {
          broken = e;
        }
      }
    }
    sent.clear();
    if (broken != null) {
      throw broken;
    }
    return out;
  }

  private Answer parse(Buffer answer) throws IOException {
    answer.getInt(); // length
    int type = answer.getUByte();
    answer.getInt(); // request id
    if (type == SftpConstants.SSH_FXP_STATUS) {
      int status = answer.getInt();
      String message = answer.available() > 4 ? answer.getString() : "";
      return new Answer(status, message, null, -1, null);
    }
    if (type != SftpConstants.SSH_FXP_ATTRS) {
      throw new IOException("unexpected SFTP answer type " + type + " to a path request");
    }
    Kind kind = kind(answer);
    Map<String, ?> attributes = SftpHelper.readAttrs(answer, version);
    Object size = attributes.get("size");
    Object modified = attributes.get("lastModifiedTime");
    return new Answer(SftpConstants.SSH_FX_OK, "", kind, size instanceof Number n ? n.longValue() : -1,
        modified instanceof FileTime t ? t.toInstant() : Instant.EPOCH);
  }

  /** The entry's kind, read ahead of the attributes (before version 4 from the permissions' file-type bits). */
  private Kind kind(Buffer attributes) {
    int start = attributes.rpos();
    int flags = attributes.getInt();
    int fileType;
    if (version >= SftpConstants.SFTP_V4) {
      fileType = switch (attributes.getUByte()) {
        case SftpConstants.SSH_FILEXFER_TYPE_REGULAR -> SftpConstants.S_IFREG;
        case SftpConstants.SSH_FILEXFER_TYPE_DIRECTORY -> SftpConstants.S_IFDIR;
        case SftpConstants.SSH_FILEXFER_TYPE_SYMLINK -> SftpConstants.S_IFLNK;
        default -> 0;
      };
    } else {
      if ((flags & SftpConstants.SSH_FILEXFER_ATTR_SIZE) != 0) {
        attributes.getLong();
      }
      if ((flags & SftpConstants.SSH_FILEXFER_ATTR_UIDGID) != 0) {
        attributes.getInt();
        attributes.getInt();
      }
      fileType = (flags & SftpConstants.SSH_FILEXFER_ATTR_PERMISSIONS) != 0
          ? attributes.getInt() & SftpConstants.S_IFMT : 0;
    }
    attributes.rpos(start);
    return switch (fileType) {
      case SftpConstants.S_IFREG -> Kind.FILE;
      case SftpConstants.S_IFDIR -> Kind.DIRECTORY;
      case SftpConstants.S_IFLNK -> Kind.LINK;
      default -> Kind.OTHER;
    };
  }
}
