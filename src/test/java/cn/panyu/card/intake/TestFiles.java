package cn.panyu.card.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Batch files, encrypted workbooks and photo ZIPs written by the tests themselves. */
public final class TestFiles {

  private TestFiles() {}

  public static final List<String> HEADER = List.of("银行", "姓名", "性别", "身份证号", "联系电话", "工作证号", "户籍类别");

  public static Path csv(Path dir, String name, Charset charset, boolean bom, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      sb.append(String.join(",", row.stream().map(v -> v == null ? "" : v).toList())).append("\r\n");
    }
    try {
      Path file = dir.resolve(name);
      try (OutputStream out = Files.newOutputStream(file)) {
        if (bom) {
          out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        out.write(sb.toString().getBytes(charset));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An XLSX whose first sheet has these rows from Excel row {@code firstRow}; a null row is left out
   * (blank in Excel), an empty list is a row that exists with blank cells (as Excel leaves behind).
   * A value starting with "#" is written as a number.
   */
  public static Path xlsx(Path dir, String name, int firstRow, List<List<String>> rows) {
    try (Workbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet("名单");
      wb.createSheet("说明").createRow(0).createCell(0).setCellValue("不要读这一页");
      int r = firstRow - 1;
      for (List<String> values : rows) {
        if (values != null) {
          Row row = sheet.createRow(r);
          if (values.isEmpty()) {
            row.createCell(0).setCellValue("");
            row.createCell(3).setCellValue("   ");
          }
          for (int c = 0; c < values.size(); c++) {
            String v = values.get(c);
            if (v != null && v.startsWith("#")) {
              row.createCell(c).setCellValue(Double.parseDouble(v.substring(1)));
            } else if (v != null) {
              row.createCell(c).setCellValue(v);
            }
          }
        }
        r++;
      }
      Path file = dir.resolve(name);
      try (OutputStream out = Files.newOutputStream(file)) {
        wb.write(out);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The workbook encrypted with a password the way Excel does it (agile encryption). */
  public static Path encrypt(Path xlsx, String password) {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
      Encryptor encryptor = info.getEncryptor();
      encryptor.confirmPassword(password);
      try (OutputStream os = encryptor.getDataStream(fs)) {
        Files.copy(xlsx, os);
      }
      Path file = xlsx.resolveSibling("encrypted-" + xlsx.getFileName());
      try (OutputStream out = Files.newOutputStream(file)) {
        fs.writeFilesystem(out);
      }
      return file;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A real JPEG of the given size (written by ImageIO). */
  public static byte[] jpeg(int width, int height) {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(width, height,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    java.util.Random random = new java.util.Random(width * 31L + height);
    for (int i = 0; i < 200; i++) {
      g.setColor(new java.awt.Color(random.nextInt(0xFFFFFF)));
      g.fillRect(random.nextInt(width), random.nextInt(height), 40, 40);
    }
    g.dispose();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A ZIP with these entries (name, bytes). */
  public static Path zip(Path dir, String name, Object... entries) {
    Path file = dir.resolve(name);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < entries.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) entries[i]));
        zip.write((byte[]) entries[i + 1]);
        zip.closeEntry();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
