package cn.panyu.card.intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A ZIP of applicants' photos named {@code <ID number>.jpg} or {@code <work/student number>.jpg}.
 * Opening it checks every entry: names that climb out of the archive ({@code ../}, absolute paths,
 * drive letters) and archive bombs (more entries or more expanded bytes than configured, or an entry
 * that expands far beyond a photo's size) refuse the whole archive; each photo is checked to be a
 * real JPEG of a sensible size and dimensions. The bytes stay in the ZIP until a row needs them.
 */
public final class PhotoArchive implements Closeable {

  /** What was found under one key: the entry, and why it is not usable (null when it is). */
  public record Photo(String entryName, String problem, int width, int height) {}

  private static final int BOMB_RATIO = 100;

  private final ZipFile zip;
  private final Map<String, Photo> byKey = new HashMap<>();

  private PhotoArchive(ZipFile zip) {
    this.zip = zip;
  }

  public static PhotoArchive open(Path file, IntakeProperties limits) {
    if (file.toFile().length() > limits.getMaxPhotoArchiveBytes()) {
      throw new FileRefusedException(Reasons.FILE_TOO_LARGE, "照片压缩包过大");
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (IOException e) {
      throw new FileRefusedException(Reasons.FILE_UNREADABLE, "照片压缩包无法读取，请上传 ZIP 文件", e);
    }
    PhotoArchive archive = new PhotoArchive(zip);
    try {
      archive.scan(limits);
      return archive;
    } catch (RuntimeException e) {
      archive.close();
      throw e;
    }
  }

  private void scan(IntakeProperties limits) {
    long total = 0;
    int count = 0;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      if (unsafe(name)) {
        throw new FileRefusedException(Reasons.FILE_UNREADABLE, "照片压缩包中含有不安全的文件路径，已拒收");
      }
      if (entry.isDirectory() || ignorable(name)) {
        continue;
      }
      if (++count > limits.getMaxPhotoEntries()) {
        throw new FileRefusedException(Reasons.FILE_TOO_LARGE, "照片压缩包中的文件过多");
      }
      byte[] head;
      long read;
      try (InputStream in = zip.getInputStream(entry)) {
        // read at most one byte more than a photo may have: never trust the declared size
        head = in.readNBytes(limits.getMaxPhotoBytes() + 1);
        read = head.length;
      } catch (ZipException e) {
        throw new FileRefusedException(Reasons.FILE_UNREADABLE, "照片压缩包已损坏", e);
      } catch (IOException e) {
        throw new FileRefusedException(Reasons.FILE_UNREADABLE, "照片压缩包无法读取", e);
      }
      total += read;
      if (total > limits.getMaxPhotoTotalBytes()) {
        throw new FileRefusedException(Reasons.FILE_TOO_LARGE, "照片压缩包解压后过大，已拒收");
      }
      // reading stops at the limit, so what a bomb costs is bounded; still, an entry that expands past
      // a photo's size at a ratio no JPEG has (JPEG hardly compresses) is refused as a bomb
      if (read > limits.getMaxPhotoBytes() && entry.getCompressedSize() > 0
          && Math.max(read, entry.getSize()) / entry.getCompressedSize() > BOMB_RATIO) {
        throw new FileRefusedException(Reasons.FILE_TOO_LARGE, "照片压缩包异常（解压比例过高），已拒收");
      }
      String key = keyOf(name);
      Photo photo = check(name, head, limits);
      Photo earlier = byKey.get(key);
      if (earlier == null || (earlier.problem() != null && photo.problem() == null)) {
        byKey.put(key, photo);
      }
    }
  }

  /** The photo of an applicant, by ID number first, then by work/student number. */
  public Photo find(String idNumber, String workId) {
    Photo p = idNumber == null ? null : byKey.get(idNumber);
    if (p == null && workId != null) {
      p = byKey.get(workId);
    }
    return p;
  }

  public byte[] bytes(Photo photo) {
    try (InputStream in = zip.getInputStream(zip.getEntry(photo.entryName()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new FileRefusedException(Reasons.FILE_UNREADABLE, "照片压缩包无法读取", e);
    }
  }

  public int size() {
    return byKey.size();
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException ignored) {
      // read-only
    }
  }

  static boolean unsafe(String name) {
    String n = name.replace('\\', '/');
    return n.startsWith("/") || n.contains("../") || n.endsWith("/..") || n.equals("..")
        || (n.length() > 1 && n.charAt(1) == ':') || n.indexOf('\0') >= 0;
  }

  private static boolean ignorable(String name) {
    String base = baseName(name);
    return name.startsWith("__MACOSX/") || base.startsWith(".") || base.equalsIgnoreCase("Thumbs.db");
  }

  private static String baseName(String name) {
    String n = name.replace('\\', '/');
    return n.substring(n.lastIndexOf('/') + 1);
  }

  /** {@code dir/44011319880808109x.JPG} -> {@code 44011319880808109X}. */
  static String keyOf(String name) {
    String base = baseName(name);
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    String id = IdNumber.normalise(stem);
    return id == null ? "" : id;
  }

  static Photo check(String name, byte[] data, IntakeProperties limits) {
    if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8 || (data[2] & 0xFF) != 0xFF) {
      return new Photo(name, "照片不是 JPEG 格式", 0, 0);
    }
    if (data.length > limits.getMaxPhotoBytes()) {
      return new Photo(name, "照片文件过大（不超过" + limits.getMaxPhotoBytes() / 1024 + "KB）", 0, 0);
    }
    if (data.length < limits.getMinPhotoBytes()) {
      return new Photo(name, "照片文件过小", 0, 0);
    }
    int[] size = jpegSize(data);
    if (size == null) {
      return new Photo(name, "照片不是完整的 JPEG 图像", 0, 0);
    }
    int w = size[0];
    int h = size[1];
    if (w < limits.getMinPhotoWidth() || h < limits.getMinPhotoHeight()
        || w > limits.getMaxPhotoWidth() || h > limits.getMaxPhotoHeight()) {
      return new Photo(name, "照片尺寸为" + w + "×" + h + "像素，应不小于" + limits.getMinPhotoWidth() + "×"
          + limits.getMinPhotoHeight() + "且不大于" + limits.getMaxPhotoWidth() + "×" + limits.getMaxPhotoHeight(), w, h);
    }
    return new Photo(name, null, w, h);
  }

  /** Width and height from the first start-of-frame marker, or null if there is none. */
  static int[] jpegSize(byte[] d) {
    int i = 2;
    while (i + 9 < d.length) {
      if ((d[i] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = d[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      int length = ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        int h = ((d[i + 5] & 0xFF) << 8) | (d[i + 6] & 0xFF);
        int w = ((d[i + 7] & 0xFF) << 8) | (d[i + 8] & 0xFF);
        return w > 0 && h > 0 ? new int[] {w, h} : null;
      }
      if (marker == 0xDA || length < 2) {
        return null; // image data before any frame header
      }
      i += 2 + length;
    }
    return null;
  }
}
