package cn.panyu.card.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The rows of an XLSX batch file (its first sheet), streamed with SAX so that the sheet is never held in memory,
 * and of a password-encrypted one (decrypted to a temporary file first). {@link BatchFileReader} chooses.
 */
final class XlsxRows {

  private XlsxRows() {}

  static void read(Path file, BatchFileReader.RowHandler handler) {
    try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
      readPackage(pkg, handler);
    } catch (BatchFileReader.HandlerFailure | FileRefusedException e) {
      throw e;
    } catch (Exception e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof BatchFileReader.HandlerFailure hf) {
          throw hf; // the SAX parser may wrap what the handler threw
        }
      }
      throw BatchFileReader.unreadable(e);
    }
  }

  private static void readPackage(OPCPackage pkg, BatchFileReader.RowHandler handler)
      throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
    XSSFReader reader = new XSSFReader(pkg);
    ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
    XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
    if (!sheets.hasNext()) {
      throw new FileRefusedException(Reasons.FILE_EMPTY, "文件中没有工作表");
    }
    try (InputStream sheet = sheets.next()) {
      XMLReader xml = XMLHelper.newXMLReader();
      xml.setContentHandler(new SheetRows(strings, handler));
      xml.parse(new InputSource(sheet));
    }
  }

  /**
   * The cells of the sheet's XML, a row at a time, as text: shared and inline strings as written,
   * numbers without formatting (a phone typed as a number stays its digits). Lighter than POI's
   * XSSFSheetXMLHandler, which formats every cell through the styles table.
   */
  private static final class SheetRows extends DefaultHandler {
    private final ReadOnlySharedStringsTable strings;
    private final BatchFileReader.RowHandler handler;
    private final List<String> cells = new ArrayList<>(16);
    private final StringBuilder text = new StringBuilder(64);
    private int rowNumber;
    private int column;
    private int nextColumn;
    private String type;
    private boolean collecting;

    SheetRows(ReadOnlySharedStringsTable strings, BatchFileReader.RowHandler handler) {
      this.strings = strings;
      this.handler = handler;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
      switch (localName) {
        case "row" -> {
          String r = attributes.getValue("r");
          rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
          cells.clear();
          nextColumn = 0;
        }
        case "c" -> {
          String ref = attributes.getValue("r");
          column = ref == null ? nextColumn : columnOf(ref);
          type = attributes.getValue("t");
          text.setLength(0);
        }
        case "v", "t" -> collecting = true;
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (collecting) {
        text.append(ch, start, length);
      }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      switch (localName) {
        case "v", "t" -> collecting = false;
        case "c" -> {
          nextColumn = column + 1;
          if (column <= 200) { // far-away cells are never columns of ours
            while (cells.size() <= column) {
              cells.add(null);
            }
            cells.set(column, value());
          }
        }
        case "row" -> {
          String[] values = cells.toArray(new String[0]);
          if (!BatchFileReader.isBlank(values)) {
            handler.row(rowNumber, values);
          }
        }
        default -> { }
      }
    }

    private String value() {
      String raw = text.toString();
      if (type == null || "n".equals(type)) {
        return number(raw);
      }
      return switch (type) {
        case "s" -> raw.isEmpty() ? null : strings.getItemAt(Integer.parseInt(raw.strip())).getString();
        case "b" -> "1".equals(raw) ? "TRUE" : "FALSE";
        default -> raw; // inlineStr, str (a formula's text), e (an error such as #N/A)
      };
    }

    /**
     * 13800138000.0 -> "13800138000". A number of more than 15 digits (an ID number typed into a
     * number cell) has lost its last digits in Excel: it stays as stored ("4.4011319900307098E17"), so
     * that it fails as an ID number instead of passing as a different one.
     */
    private static String number(String raw) {
      if (raw.isEmpty()) {
        return null;
      }
      try {
        java.math.BigDecimal n = new java.math.BigDecimal(raw).stripTrailingZeros();
        return n.precision() - n.scale() > 15 ? raw : n.toPlainString();
      } catch (NumberFormatException e) {
        return raw;
      }
    }
  }

  /** "AB12" -> 27: the letters of a cell reference (cheaper than CellReference's regular expression). */
  static int columnOf(String cellReference) {
    int column = 0;
    for (int i = 0; i < cellReference.length(); i++) {
      char c = cellReference.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        column = column * 26 + (c - 'A' + 1);
      } else if (c >= 'a' && c <= 'z') {
        column = column * 26 + (c - 'a' + 1);
      } else if (c != '$') {
        break;
      }
    }
    return column - 1;
  }

  // ---------------------------------------------------------------- encrypted XLSX

  static void readEncrypted(Path file, String password, BatchFileReader.RowHandler handler) {
    Path plain = null;
    try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
      if (!fs.getRoot().hasEntry("EncryptionInfo")) {
        throw new FileRefusedException(Reasons.FILE_UNREADABLE,
            "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后上传");
      }
      if (password == null || password.isEmpty()) {
        throw new FileRefusedException(Reasons.FILE_PASSWORD, "文件已加密，请填写文件密码");
      }
      EncryptionInfo info = new EncryptionInfo(fs);
      Decryptor decryptor = Decryptor.getInstance(info);
      if (!decryptor.verifyPassword(password)) {
        throw new FileRefusedException(Reasons.FILE_PASSWORD, "文件密码不正确");
      }
      // decrypt to a temporary file: the package is then read from disk like a plain XLSX
      plain = Files.createTempFile("intake-decrypted-", ".xlsx");
      try (InputStream data = decryptor.getDataStream(fs)) {
        Files.copy(data, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileRefusedException e) {
      BatchFileReader.deleteQuietly(plain);
      throw e;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      BatchFileReader.deleteQuietly(plain);
      throw BatchFileReader.unreadable(e);
    }
    try {
      read(plain, handler);
    } finally {
      BatchFileReader.deleteQuietly(plain);
    }
  }
}
