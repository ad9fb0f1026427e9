package cn.panyu.card.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoArchiveTest {

  @TempDir Path dir;
  private final IntakeProperties limits = new IntakeProperties();

  @Test
  void photosAreFoundByIdNumberOrStudentNumber() {
    Path zip = TestFiles.zip(dir, "p.zip",
        "photos/44011319880808109x.JPG", TestFiles.jpeg(400, 500),
        "S2013001.jpg", TestFiles.jpeg(358, 441),
        "__MACOSX/._S2013001.jpg", new byte[] {1, 2, 3});
    try (PhotoArchive archive = PhotoArchive.open(zip, limits)) {
      PhotoArchive.Photo byId = archive.find("44011319880808109X", null);
      assertThat(byId.problem()).isNull();
      assertThat(byId.width()).isEqualTo(400);
      assertThat(byId.height()).isEqualTo(500);
      assertThat(archive.find("440113199003071235", "S2013001").problem()).isNull();
      assertThat(archive.find("440113199003071235", "S9")).isNull();
      assertThat(archive.bytes(byId)).startsWith((byte) 0xFF, (byte) 0xD8);
    }
  }

  @Test
  void notAJpegTooSmallOrTruncatedIsInvalid() {
    byte[] real = TestFiles.jpeg(400, 500);
    byte[] truncated = java.util.Arrays.copyOf(real, 8);
    byte[] png = new byte[4000];
    png[0] = (byte) 0x89;
    png[1] = 'P';
    Path zip = TestFiles.zip(dir, "bad.zip",
        "A.jpg", png, "B.jpg", TestFiles.jpeg(100, 120), "C.jpg", truncated);
    try (PhotoArchive archive = PhotoArchive.open(zip, limits)) {
      assertThat(archive.find("A", null).problem()).contains("不是 JPEG");
      assertThat(archive.find("B", null).problem()).contains("100×120");
      assertThat(archive.find("C", null).problem()).isNotNull();
    }
  }

  @Test
  void pathTraversalNamesRefuseTheArchive() {
    for (String name : new String[] {"../../etc/passwd.jpg", "/abs/440113199003071235.jpg", "C:\\x.jpg",
        "a\\..\\..\\b.jpg"}) {
      Path zip = TestFiles.zip(dir, "t.zip", name, TestFiles.jpeg(400, 500));
      assertThatThrownBy(() -> PhotoArchive.open(zip, limits)).as(name)
          .isInstanceOf(FileRefusedException.class).extracting("reason").isEqualTo("FILE_UNREADABLE");
    }
  }

  @Test
  void archiveBombIsRefused() {
    // 50 MB of zeros compresses to about 50 KB: it expands far beyond any photo
    Path zip = TestFiles.zip(dir, "bomb.zip", "440113199003071235.jpg", new byte[50 * 1024 * 1024]);
    assertThat(zip.toFile().length()).isLessThan(200_000);
    assertThatThrownBy(() -> PhotoArchive.open(zip, limits)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_TOO_LARGE");
  }

  @Test
  void tooManyBytesInAllIsRefused() {
    limits.setMaxPhotoTotalBytes(100_000);
    Object[] entries = new Object[20];
    for (int i = 0; i < 10; i++) {
      entries[2 * i] = "P" + i + ".jpg";
      entries[2 * i + 1] = TestFiles.jpeg(400, 500);
    }
    Path zip = TestFiles.zip(dir, "many.zip", entries);
    assertThatThrownBy(() -> PhotoArchive.open(zip, limits)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_TOO_LARGE");
  }

  @Test
  void notAZipIsUnreadable() throws Exception {
    Path f = dir.resolve("x.zip");
    java.nio.file.Files.writeString(f, "not a zip");
    assertThatThrownBy(() -> PhotoArchive.open(f, limits)).isInstanceOf(FileRefusedException.class)
        .extracting("reason").isEqualTo("FILE_UNREADABLE");
  }
}
