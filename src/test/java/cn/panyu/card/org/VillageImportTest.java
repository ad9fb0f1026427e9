package cn.panyu.card.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

@H2Test
class VillageImportTest {

  @Autowired VillageImport villageImport;
  @Autowired OrgUnitRepository units;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;

  private VillageImport.Result run(String csv) {
    return villageImport.importCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void goodRowsAreImportedOnceAndBadRowsRefusedWithAChineseReason() {
    String csv = "\uFEFFcode,name,town_code\n"
        + "440113102801,南村镇导入一村(测试),440113102\n"
        + "440113102802,南村镇导入二村(测试),440113102\n"
        + "44011310280,位数不对(测试),440113102\n"          // 11 digits
        + "440113103801,前缀不符(测试),440113102\n"         // code not under its town
        + "440113999801,镇街不存在(测试),440113999\n"       // unknown town
        + "440113102801,重复(测试),440113102\n"             // repeated in the file
        + "440113102803,,440113102\n";                      // no name
    VillageImport.Result first = run(csv);
    assertThat(first.created()).isEqualTo(2);
    assertThat(first.rejected()).extracting(VillageImport.RowError::row).containsExactly(4, 5, 6, 7, 8);
    assertThat(first.rejected()).extracting(VillageImport.RowError::message).containsExactly(
        "村(居)委编码应为 12 位数字: 44011310280",
        "村(居)委编码 440113103801 的前 9 位应为所属镇街编码 440113102",
        "所属镇街编码不存在: 440113999",
        "编码 440113102801 在文件中重复",
        "编码、名称、所属镇街编码均不能为空");
    assertThat(units.findByCode("440113103801")).isEmpty();

    OrgUnit village = units.findByCode("440113102801").orElseThrow();
    assertThat(village.type()).isEqualTo(OrgUnitType.VILLAGE);
    assertThat(village.parentCode()).isEqualTo("440113102");
    assertThat(identity.createGroupQuery().groupId("village-440113102801").singleResult().getName())
        .isEqualTo("南村镇导入一村(测试)");
    assertThat(authorizations.isUserAuthorized("x", java.util.List.of("village-440113102801"),
        Permissions.ACCESS, Resources.APPLICATION, "tasklist")).isTrue();

    Map<String, Integer> before = OrgCounts.of(jdbc);
    VillageImport.Result second = run(csv);
    assertThat(second.created()).isZero();
    assertThat(second.unchanged()).isEqualTo(2);
    assertThat(OrgCounts.of(jdbc)).isEqualTo(before);
  }

  @Test
  void aRenamedVillageKeepsItsCodeAndAUnitOfAnotherKindIsNotTaken() {
    run("code,name,town_code\n440113104801,化龙镇旧名村(测试),440113104\n");
    VillageImport.Result renamed = run("code,name,town_code\n440113104801,化龙镇新名村(测试),440113104\n");
    assertThat(renamed.renamed()).isEqualTo(1);
    assertThat(units.findByCode("440113104801").orElseThrow().name()).isEqualTo("化龙镇新名村(测试)");

    VillageImport.Result moved = run("code,name,town_code\n440113104801,化龙镇新名村(测试),440113105\n");
    assertThat(moved.rejected()).singleElement().extracting(VillageImport.RowError::message)
        .asString().contains("前 9 位");
  }

  @Test
  void aGbkFileIsRead() {
    byte[] gbk = "code,name,town_code\n440113105801,石楼镇国标码村(测试),440113105\n".getBytes(Charset.forName("GBK"));
    VillageImport.Result result = villageImport.importCsv(new ByteArrayInputStream(gbk));
    assertThat(result.created()).isEqualTo(1);
    assertThat(units.findByCode("440113105801").orElseThrow().name()).isEqualTo("石楼镇国标码村(测试)");
  }

  @Test
  void aFileWithoutTheHeaderIsRefusedWhole() {
    assertThatThrownBy(() -> run("编码,名称\n440113105802,无表头(测试)\n"))
        .isInstanceOf(VillageImport.BadFileException.class)
        .hasMessageContaining("code,name,town_code");
    assertThat(units.findByCode("440113105802")).isEmpty();
  }

  @Test
  void onlyAnAdministratorImportsOverHttp() {
    String csv = "code,name,town_code\n440113120801,石碁镇接口村(测试),440113120\n";
    assertThat(upload("cardoffice", csv).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(units.findByCode("440113120801")).isEmpty();

    ResponseEntity<JsonNode> ok = upload("demo", csv);
    assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ok.getBody().get("created").asInt()).isEqualTo(1);
    assertThat(units.findByCode("440113120801")).isPresent();

    ResponseEntity<JsonNode> bad = upload("demo", "x,y\n1,2\n");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("message").asText()).contains("表头");
  }

  private ResponseEntity<JsonNode> upload(String user, String csv) {
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "villages.csv";
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return http.withBasicAuth(user, "demo")
        .postForEntity("/api/org-units/villages", new HttpEntity<>(body, headers), JsonNode.class);
  }
}
