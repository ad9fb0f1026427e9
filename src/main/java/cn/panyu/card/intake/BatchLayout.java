package cn.panyu.card.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the columns of DESIGN.md are in a file's header row: any order, extra columns ignored, header
 * text normalised (full-width, spaces, a trailing required-marker *). 学籍号 instead of 工作证号 means
 * the file is a school's. Optional: 户籍类别 (户籍 when absent) and 是否企业职工 (是/否, 否 when absent;
 * a 非户籍参保 enterprise employee is ENTERPRISE_EMPLOYEE, plan §3).
 */
public final class BatchLayout {

  public static final String BANK = "银行";
  public static final String NAME = "姓名";
  public static final String GENDER = "性别";
  public static final String ID_NUMBER = "身份证号";
  public static final String PHONE = "联系电话";
  public static final String WORK_ID = "工作证号";
  public static final String STUDENT_ID = "学籍号";
  public static final String RESIDENCY = "户籍类别";
  public static final String ENTERPRISE_EMPLOYEE = "是否企业职工";

  /** The columns of a file in the plan's order (the error report writes them so). */
  public static final List<String> REQUIRED = List.of(BANK, NAME, GENDER, ID_NUMBER, PHONE);

  private final int bank;
  private final int name;
  private final int gender;
  private final int idNumber;
  private final int phone;
  private final int workId;
  private final int residency;
  private final int enterpriseEmployee;
  private final boolean school;

  private BatchLayout(Map<String, Integer> columns) {
    bank = columns.get(BANK);
    name = columns.get(NAME);
    gender = columns.get(GENDER);
    idNumber = columns.get(ID_NUMBER);
    phone = columns.get(PHONE);
    school = columns.containsKey(STUDENT_ID);
    workId = school ? columns.get(STUDENT_ID) : columns.get(WORK_ID);
    residency = columns.getOrDefault(RESIDENCY, -1);
    enterpriseEmployee = columns.getOrDefault(ENTERPRISE_EMPLOYEE, -1);
  }

  /** The layout of a header row, or FILE_HEADER naming what is missing. */
  public static BatchLayout of(String[] header) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      String h = headerText(header[i]);
      if (h != null) {
        columns.putIfAbsent(h, i);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String required : REQUIRED) {
      if (!columns.containsKey(required)) {
        missing.add(required);
      }
    }
    if (!columns.containsKey(WORK_ID) && !columns.containsKey(STUDENT_ID)) {
      missing.add(WORK_ID + "（学校填" + STUDENT_ID + "）");
    }
    if (!missing.isEmpty()) {
      throw new FileRefusedException(Reasons.FILE_HEADER,
          "第一行表头缺少必填列：" + String.join("、", missing)
              + "（表头应为：银行、姓名、性别、身份证号、联系电话、工作证号或学籍号，可选户籍类别、是否企业职工）");
    }
    return new BatchLayout(columns);
  }

  static String headerText(String cell) {
    String s = TextNormaliser.code(cell);
    if (s == null) {
      return null;
    }
    while (s.endsWith("*")) {
      s = s.substring(0, s.length() - 1);
    }
    while (s.startsWith("*")) {
      s = s.substring(1);
    }
    return s.isEmpty() ? null : s;
  }

  public boolean school() {
    return school;
  }

  public String workIdHeader() {
    return school ? STUDENT_ID : WORK_ID;
  }

  /** The applicant's data as written in the row (not yet normalised). */
  public ApplicantData data(String[] cells) {
    return new ApplicantData(cell(cells, name), cell(cells, gender), cell(cells, idNumber), cell(cells, phone),
        cell(cells, bank), cell(cells, residency), cell(cells, workId), cell(cells, enterpriseEmployee));
  }

  /** The row's values under the report's headers, in the plan's order. */
  public Map<String, String> values(String[] cells) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(BANK, cell(cells, bank));
    v.put(NAME, cell(cells, name));
    v.put(GENDER, cell(cells, gender));
    v.put(ID_NUMBER, cell(cells, idNumber));
    v.put(PHONE, cell(cells, phone));
    v.put(workIdHeader(), cell(cells, workId));
    v.put(RESIDENCY, cell(cells, residency));
    v.put(ENTERPRISE_EMPLOYEE, cell(cells, enterpriseEmployee));
    return v;
  }

  private static String cell(String[] cells, int i) {
    return i >= 0 && i < cells.length ? cells[i] : null;
  }
}
