package cn.panyu.card.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.poifs.filesystem.FileMagic;

/**
 * Streams the rows of a batch file, whatever its format, as cells by column index with the row
 * number the user sees in Excel. CSV (UTF-8 with or without BOM, else GBK/GB18030), XLSX (first
 * sheet, SAX: the sheet is never held in memory) and password-encrypted XLSX. Rows whose cells are
 * all blank are skipped. Anything unreadable becomes a {@link FileRefusedException}.
 */
public final class BatchFileReader {

  private BatchFileReader() {}

  /** Receives each non-blank row: the Excel row number (1-based) and its cells (null = blank). */
  @FunctionalInterface
  public interface RowHandler {
    void row(int rowNumber, String[] cells);
  }

  public static void read(Path file, String password, RowHandler handler) {
    read(file, null, password, handler);
  }

  /**
   * @param fileName the name the file was uploaded under (may be null): a name ending in .xlsx or .xls
   *     whose content is not a workbook is refused as unreadable, not read as a CSV
   */
  public static void read(Path file, String fileName, String password, RowHandler handler) {
    try {
      readAny(file, fileName, password, (row, cells) -> {
        try {
          handler.row(row, cells);
        } catch (RuntimeException e) {
          throw new HandlerFailure(e);
        }
      });
    } catch (HandlerFailure e) {
      throw e.getCause();
    }
  }

  /** What the row handler threw (a row refusal, a database error): not the file's fault. */
  static final class HandlerFailure extends RuntimeException {
    HandlerFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  private static void readAny(Path file, String fileName, String password, RowHandler handler) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8192);
    } catch (IOException e) {
      throw unreadable(e);
    }
    FileMagic magic = FileMagic.valueOf(head);
    switch (magic) {
      case OOXML -> XlsxRows.read(file, handler);
      case OLE2 -> XlsxRows.readEncrypted(file, password, handler);
      default -> {
        // only text reaches the CSV reader: a damaged workbook or random bytes read as a CSV would fail as a
        // missing header (FILE_HEADER) and send the user looking for a column instead of at the file
        if (head.length == 0) {
          return; // no rows: the caller refuses an empty file as FILE_EMPTY, whatever its name
        }
        if (isWorkbookName(fileName)) {
          throw new FileRefusedException(Reasons.FILE_UNREADABLE,
              "文件扩展名是 Excel 格式，但内容不是 Excel 工作簿（文件已损坏或只是改了扩展名），请用 Excel 另存为 .xlsx 或 CSV 后重新上传");
        }
        if (looksBinary(head)) {
          throw new FileRefusedException(Reasons.FILE_UNREADABLE,
              "文件既不是 CSV 文本文件，也不是 Excel（.xlsx）工作簿，无法读取");
        }
        readCsv(file, handler);
      }
    }
  }

  static boolean isWorkbookName(String fileName) {
    if (fileName == null) {
      return false;
    }
    String name = fileName.strip().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".xlsx") || name.endsWith(".xls") || name.endsWith(".xlsm");
  }

  /**
   * Text (UTF-8, GBK, with or without BOM) never holds NUL or more than the odd stray control character;
   * random or binary data holds about one in ten. UTF-16 has NULs by nature and is recognised by its BOM.
   */
  static boolean looksBinary(byte[] head) {
    if (head.length >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
        || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)) {
      return false;
    }
    int controls = 0;
    for (byte b : head) {
      int c = b & 0xFF;
      if (c == 0) {
        return true;
      }
      // tab, line feed, form feed, carriage return and DOS's end-of-file mark (0x1A) occur in real text files
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != 0x1A) {
        controls++;
      }
    }
    return controls > Math.max(2, head.length / 100);
  }

  // ---------------------------------------------------------------- CSV

  static void readCsv(Path file, RowHandler handler) {
    Charset charset = detectCharset(file);
    CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      skipBom(in, charset);
      Reader reader = new InputStreamReader(in, charset);
      try (CSVParser parser = format.parse(reader)) {
        for (CSVRecord r : parser) {
          String[] cells = r.values();
          if (!isBlank(cells)) {
            handler.row((int) r.getRecordNumber(), cells);
          }
        }
      }
    } catch (HandlerFailure | FileRefusedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FileRefusedException(Reasons.FILE_UNREADABLE,
          "CSV 文件格式错误，无法读取（请检查引号是否成对）", e);
    }
  }

  /**
   * A BOM decides; otherwise the file is UTF-8 if it decodes strictly as UTF-8 throughout, else it is
   * what Excel in China writes (GBK; read as GB18030, its superset).
   */
  static Charset detectCharset(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      in.mark(4);
      byte[] head = in.readNBytes(3);
      in.reset();
      if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
        return StandardCharsets.UTF_8;
      }
      if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
        return StandardCharsets.UTF_16LE;
      }
      if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
        return StandardCharsets.UTF_16BE;
      }
      CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      try (Reader r = new InputStreamReader(in, strict)) {
        char[] buf = new char[1 << 14];
        while (r.read(buf) >= 0) {
          // only decoding matters
        }
        return StandardCharsets.UTF_8;
      } catch (java.nio.charset.CharacterCodingException e) {
        return Charset.forName("GB18030");
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static void skipBom(InputStream in, Charset charset) throws IOException {
    int bomLength = charset == StandardCharsets.UTF_8 ? 3 : 2;
    if (charset == StandardCharsets.UTF_8 || charset == StandardCharsets.UTF_16LE
        || charset == StandardCharsets.UTF_16BE) {
      in.mark(3);
      byte[] head = in.readNBytes(bomLength);
      boolean bom = charset == StandardCharsets.UTF_8
          ? head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF
          : head.length == 2 && ((head[0] & 0xFF) == 0xFF || (head[0] & 0xFF) == 0xFE);
      if (!bom) {
        in.reset();
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  static boolean isBlank(String[] cells) {
    for (String c : cells) {
      if (c != null && !c.isBlank() && TextNormaliser.text(c) != null) {
        return false;
      }
    }
    return true;
  }

  static FileRefusedException unreadable(Exception e) {
    return new FileRefusedException(Reasons.FILE_UNREADABLE,
        "文件无法读取，请上传 CSV 或 Excel（.xlsx）文件", e);
  }

  static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temp file left behind is removed with the temp directory
      }
    }
  }

  static String[] copy(String[] cells) {
    return Arrays.copyOf(cells, cells.length);
  }
}
