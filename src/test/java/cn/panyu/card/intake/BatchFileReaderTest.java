package cn.panyu.card.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFileReaderTest {

  @TempDir Path dir;

  record Line(int row, List<String> cells) {}

  private static final List<String> PERSON = List.of("工商银行", "张三", "男", "440113199003071235", "13800138000",
      "W001", "户籍");

  private static List<Line> read(Path file, String password) {
    List<Line> lines = new ArrayList<>();
    BatchFileReader.read(file, password, (row, cells) -> lines.add(new Line(row, Arrays.asList(cells))));
    return lines;
  }

  @Test
  void csvInUtf8WithAndWithoutBom() {
    for (boolean bom : new boolean[] {true, false}) {
      Path f = TestFiles.csv(dir, "u" + bom + ".csv", StandardCharsets.UTF_8, bom, List.of(TestFiles.HEADER, PERSON));
      List<Line> lines = read(f, null);
      assertThat(lines).hasSize(2);
      assertThat(BatchLayout.headerText(lines.get(0).cells().get(0))).isEqualTo("银行");
      assertThat(lines.get(1).cells()).containsExactlyElementsOf(PERSON);
    }
  }

  @Test
  void csvInGbkAsExcelWritesIt() {
    Path f = TestFiles.csv(dir, "gbk.csv", Charset.forName("GBK"), false, List.of(TestFiles.HEADER, PERSON));
    assertThat(BatchFileReader.detectCharset(f).name()).isEqualTo("GB18030");
    List<Line> lines = read(f, null);
    assertThat(lines.get(0).cells()).containsExactlyElementsOf(TestFiles.HEADER);
    assertThat(lines.get(1).cells()).containsExactlyElementsOf(PERSON);
  }

  @Test
  void csvRowNumbersAreExcelsAndBlankRowsAreSkipped() {
    Path f = TestFiles.csv(dir, "rows.csv", StandardCharsets.UTF_8, false,
        List.of(List.of(""), TestFiles.HEADER, PERSON, List.of(",,,"), PERSON, List.of(""), List.of(",,")));
    assertThat(read(f, null)).extracting(Line::row).containsExactly(2, 3, 5);
  }

  @Test
  void xlsxFirstSheetWithExcelRowNumbersAndTrailingEmptyRows() {
    List<String> numericPhone = new ArrayList<>(PERSON);
    numericPhone.set(4, "#13800138000");
    numericPhone.set(3, "#440113199003071235"); // Excel keeps 15 digits of a number
    Path f = TestFiles.xlsx(dir, "a.xlsx", 2, Arrays.asList(TestFiles.HEADER, PERSON, null, numericPhone,
        List.of(), List.of()));
    List<Line> lines = read(f, null);
    assertThat(lines).extracting(Line::row).containsExactly(2, 3, 5);
    assertThat(lines.get(2).cells().get(4)).isEqualTo("13800138000");
    assertThat(IdNumber.hasFormat(IdNumber.normalise(lines.get(2).cells().get(3)))).isFalse();
    assertThat(lines.get(1).cells()).containsExactlyElementsOf(PERSON);
  }

  @Test
  void encryptedXlsxWithRightWrongAndMissingPassword() {
    Path plain = TestFiles.xlsx(dir, "p.xlsx", 1, List.of(TestFiles.HEADER, PERSON));
    Path encrypted = TestFiles.encrypt(plain, "机密2013");
    assertThat(read(encrypted, "机密2013")).hasSize(2);
    assertThatThrownBy(() -> read(encrypted, "wrong")).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_PASSWORD");
    assertThatThrownBy(() -> read(encrypted, null)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_PASSWORD");
  }

  @Test
  void brokenWorkbookAndOldXlsAreUnreadable() throws IOException {
    Path broken = dir.resolve("broken.xlsx");
    Files.write(broken, new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThatThrownBy(() -> read(broken, null)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_UNREADABLE");
    Path xls = dir.resolve("old.xls");
    try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(xls)) {
      wb.createSheet().createRow(0).createCell(0).setCellValue("银行");
      wb.write(out);
    }
    assertThatThrownBy(() -> read(xls, null)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_UNREADABLE");
  }

  @Test
  void randomBytesAreUnreadableWhateverTheirName() throws IOException {
    byte[] random = new byte[4096];
    new java.util.Random(16).nextBytes(random);
    Path f = Files.write(dir.resolve("名单.xlsx"), random);
    for (String name : new String[] {"名单.xlsx", "名单.XLS", "名单.csv", null}) {
      assertThatThrownBy(() -> BatchFileReader.read(f, name, null, (row, cells) -> { }))
          .as(name).isInstanceOf(FileRefusedException.class)
          .extracting("reason").isEqualTo("FILE_UNREADABLE");
    }
  }

  @Test
  void aTextFileNamedXlsxIsNotAWorkbook() {
    Path f = TestFiles.csv(dir, "renamed.xlsx", StandardCharsets.UTF_8, false, List.of(TestFiles.HEADER, PERSON));
    assertThatThrownBy(() -> BatchFileReader.read(f, "renamed.xlsx", null, (row, cells) -> { }))
        .isInstanceOf(FileRefusedException.class).hasMessageContaining("不是 Excel 工作簿")
        .extracting("reason").isEqualTo("FILE_UNREADABLE");
    // the same bytes under a CSV name are a good CSV
    List<Line> lines = new ArrayList<>();
    BatchFileReader.read(f, "名单.csv", null, (row, cells) -> lines.add(new Line(row, Arrays.asList(cells))));
    assertThat(lines).hasSize(2);
  }

  @Test
  void utf16CsvWithItsBomIsTextNotBinary() throws IOException {
    String text = String.join(",", TestFiles.HEADER) + "\r\n" + String.join(",", PERSON) + "\r\n";
    Path f = dir.resolve("utf16.csv");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
      out.write(text.getBytes(StandardCharsets.UTF_16LE));
    }
    assertThat(read(f, null)).extracting(Line::cells).last().isEqualTo(PERSON);
  }

  @Test
  void anEmptyFileHasNoRowsWhateverItsName() throws IOException {
    Path f = Files.write(dir.resolve("empty.xlsx"), new byte[0]);
    List<Line> lines = new ArrayList<>();
    BatchFileReader.read(f, "empty.xlsx", null, (row, cells) -> lines.add(new Line(row, Arrays.asList(cells))));
    assertThat(lines).isEmpty();
  }

  @Test
  void csvWithUnbalancedQuoteIsUnreadable() {
    Path f = TestFiles.csv(dir, "q.csv", StandardCharsets.UTF_8, false,
        List.of(TestFiles.HEADER, List.of("\"工商银行", "张三")));
    assertThatThrownBy(() -> read(f, null)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_UNREADABLE");
  }

  @Test
  void whatTheRowHandlerThrowsIsNotTheFilesFault() {
    Path f = TestFiles.xlsx(dir, "h.xlsx", 1, List.of(TestFiles.HEADER, PERSON));
    assertThatThrownBy(() -> BatchFileReader.read(f, null, (row, cells) -> {
      throw new IllegalStateException("database down");
    })).isInstanceOf(IllegalStateException.class).hasMessage("database down");
  }

  @Test
  void headerInAnyOrderWithExtraColumnsAndFullWidthText() {
    BatchLayout layout = BatchLayout.of(new String[] {"序号", "身份证号", " 姓 名 ", "联系电话", "备注", "性别", "银行*",
        "学籍号"});
    assertThat(layout.school()).isTrue();
    ApplicantData d = layout.data(new String[] {"1", "44011319900307123５", "张三", "13800138000", "x", "男", "工商银行",
        "S1"});
    assertThat(d.idNumber()).isEqualTo("44011319900307123５");
    assertThat(d.name()).isEqualTo("张三");
    assertThat(d.workId()).isEqualTo("S1");
    assertThat(d.residency()).isNull();
  }

  @Test
  void theOptionalEnterpriseEmployeeColumn() {
    BatchLayout layout = BatchLayout.of(new String[] {"银行", "姓名", "性别", "身份证号", "联系电话", "工作证号", "户籍类别",
        "是否企业职工"});
    String[] row = {"工商银行", "张三", "男", "440113199003071235", "13800138000", "W1", "非户籍参保", "是"};
    assertThat(layout.data(row).enterpriseEmployee()).isEqualTo("是");
    assertThat(layout.values(row)).containsEntry("是否企业职工", "是");
    // a file without the column: nobody is an enterprise employee
    BatchLayout without = BatchLayout.of(TestFiles.HEADER.toArray(new String[0]));
    assertThat(without.data(PERSON.toArray(new String[0])).enterpriseEmployee()).isNull();
  }

  @Test
  void missingRequiredHeadersAreNamed() {
    assertThatThrownBy(() -> BatchLayout.of(new String[] {"银行", "姓名", "性别"}))
        .isInstanceOf(FileRefusedException.class)
        .hasMessageContaining("身份证号").hasMessageContaining("联系电话").hasMessageContaining("工作证号")
        .extracting("reason").isEqualTo("FILE_HEADER");
  }

  @Test
  void columnLettersOfCellReferences() {
    assertThat(XlsxRows.columnOf("A1")).isZero();
    assertThat(XlsxRows.columnOf("G17")).isEqualTo(6);
    assertThat(XlsxRows.columnOf("AB3")).isEqualTo(27);
    assertThat(XlsxRows.columnOf("$AA$1")).isEqualTo(26);
  }
}
