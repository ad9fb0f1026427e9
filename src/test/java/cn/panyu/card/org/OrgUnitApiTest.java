package cn.panyu.card.org;

import static org.assertj.core.api.Assertions.assertThat;

import cn.panyu.card.support.H2Test;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@H2Test
class OrgUnitApiTest {

  @Autowired TestRestTemplate http;

  @Test
  void anySignedInUserListsTheUnits() {
    ResponseEntity<JsonNode> response = http.withBasicAuth("village", "demo").getForEntity("/api/org-units", JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode town = null;
    JsonNode village = null;
    for (JsonNode unit : response.getBody()) {
      if (unit.get("code").asText().equals("440113007")) {
        town = unit;
      }
      if (unit.get("code").asText().equals("440113007901")) {
        village = unit;
      }
    }
    assertThat(town).isNotNull();
    assertThat(town.get("name").asText()).isEqualTo("市桥街道");
    assertThat(town.get("type").asText()).isEqualTo("TOWN");
    assertThat(town.get("groupId").asText()).isEqualTo("town-440113007");
    assertThat(village.get("parentCode").asText()).isEqualTo("440113007");
    assertThat(village.get("type").asText()).isEqualTo("VILLAGE");
  }

  @Test
  void withoutCredentialsTheListIsRefused() {
    assertThat(http.getForEntity("/api/org-units", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // an unknown user: a wrong password for a real one would lock it for a few seconds (login throttling)
    assertThat(http.withBasicAuth("nobody", "demo").getForEntity("/api/org-units", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
