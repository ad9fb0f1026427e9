package cn.panyu.card.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * The bulletin's chart as a PNG, drawn with Java2D (headless): progress against the target, and cards made
 * and issued per town. Chinese labels need a CJK font (fonts-noto-cjk); without one the labels fall back to
 * the logical font, which draws boxes for Chinese but still gives a readable chart of the bars and numbers.
 */
@Component
public class BulletinChart {

  static final int WIDTH = 1200;
  static final int HEIGHT = 800;
  private static final Color MADE = new Color(0x5B8FF9);
  private static final Color ISSUED = new Color(0x5AD8A6);

  private final String fontFamily = cjkFont();

  public String fontFamily() {
    return fontFamily;
  }

  public byte[] png(ProgressReport report) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(fontFamily, Font.BOLD, 28));
      g.drawString("番禺区社保卡发放进度通报", 40, 50);
      g.setFont(new Font(fontFamily, Font.PLAIN, 16));
      g.drawString("截至 " + report.asOf().toString().substring(0, 10) + "　目标 " + report.target() + " 张", 40, 80);
      drawTargetBar(g, report);
      drawTowns(g, report.byTown());
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Applied, made, issued and activated as horizontal bars against the target. */
  private void drawTargetBar(Graphics2D g, ProgressReport r) {
    int x = 160;
    int width = WIDTH - x - 180;
    String[] labels = {"已申请", "已制卡", "已发放", "已激活"};
    long[] values = {r.applied(), r.made(), r.issued(), r.activated()};
    Color[] colors = {new Color(0xB0BEC5), MADE, ISSUED, new Color(0xF6BD16)};
    for (int i = 0; i < labels.length; i++) {
      int y = 110 + i * 38;
      g.setColor(new Color(0xEEEEEE));
      g.fillRect(x, y, width, 26);
      g.setColor(colors[i]);
      g.fillRect(x, y, (int) Math.min(width, width * values[i] / (double) Math.max(1, r.target())), 26);
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(fontFamily, Font.PLAIN, 16));
      g.drawString(labels[i], 40, y + 19);
      g.drawString(values[i] + "（" + percent(values[i], r.target()) + "）", x + width + 10, y + 19);
    }
  }

  /** Cards made and issued per town, grouped bars. */
  private void drawTowns(Graphics2D g, List<ProgressReport.Row> towns) {
    int left = 80;
    int top = 290;
    int bottom = HEIGHT - 110;
    int right = WIDTH - 40;
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(fontFamily, Font.BOLD, 18));
    g.drawString("分镇街制卡与发放", left, top - 12);
    long max = Math.max(1, towns.stream().mapToLong(ProgressReport.Row::made).max().orElse(1));
    g.setStroke(new BasicStroke(1));
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    g.setFont(new Font(fontFamily, Font.PLAIN, 12));
    for (int t = 0; t <= 4; t++) {
      int y = bottom - (bottom - top) * t / 4;
      g.setColor(new Color(0xDDDDDD));
      g.drawLine(left + 1, y, right, y);
      g.setColor(Color.GRAY);
      g.drawString(String.valueOf(max * t / 4), 10, y + 4);
    }
    if (towns.isEmpty()) {
      return;
    }
    double slot = (right - left) / (double) towns.size();
    int bar = (int) Math.max(2, slot * 0.35);
    for (int i = 0; i < towns.size(); i++) {
      ProgressReport.Row town = towns.get(i);
      int x = (int) (left + i * slot + slot * 0.15);
      int hMade = (int) ((bottom - top) * town.made() / (double) max);
      int hIssued = (int) ((bottom - top) * town.issued() / (double) max);
      g.setColor(MADE);
      g.fillRect(x, bottom - hMade, bar, hMade);
      g.setColor(ISSUED);
      g.fillRect(x + bar, bottom - hIssued, bar, hIssued);
      g.setColor(Color.DARK_GRAY);
      Graphics2D label = (Graphics2D) g.create();
      label.translate(x + bar, bottom + 8);
      label.rotate(Math.toRadians(35));
      label.drawString(town.name(), 0, 0);
      label.dispose();
    }
    g.setColor(MADE);
    g.fillRect(right - 180, top - 28, 14, 14);
    g.setColor(ISSUED);
    g.fillRect(right - 90, top - 28, 14, 14);
    g.setColor(Color.DARK_GRAY);
    g.drawString("已制卡", right - 162, top - 16);
    g.drawString("已发放", right - 72, top - 16);
  }

  static String percent(long value, int target) {
    return target == 0 ? "-" : String.format("%.1f%%", value * 100.0 / target);
  }

  /** A font that draws Chinese: Noto Sans CJK SC where installed, else any that can, else SansSerif. */
  static String cjkFont() {
    try {
      Set<String> families = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
      for (String preferred : List.of("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC")) {
        if (families.contains(preferred)) {
          return preferred;
        }
      }
      return Arrays.stream(GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts())
          .filter(f -> f.canDisplayUpTo("番禺区社保卡") == -1).map(Font::getFamily).findFirst().orElse(Font.SANS_SERIF);
    } catch (RuntimeException | Error e) {
      return Font.SANS_SERIF;
    }
  }
}
