package cn.panyu.card.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The webapps and the REST API as configured for production (no demo profile): Camunda's security headers
 * with HSTS, Secure and SameSite=Strict cookies, login throttling, and the password policy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// the production default, stated: it also gives this class a context of its own, whose users no other class sees
@TestPropertySource(properties = "card.web.secure-cookies=true")
class WebappHardeningTest {

  private static final String STRONG = "Kx9!mP2#vQ7z";

  @Autowired TestRestTemplate http;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired ProcessEngine engine;

  @BeforeEach
  void anAdministrator() {
    if (identity.createUserQuery().userId("ops").count() == 0) {
      User ops = identity.newUser("ops");
      ops.setPassword(STRONG);
      identity.saveUser(ops);
      if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
        identity.saveGroup(identity.newGroup(Groups.CAMUNDA_ADMIN));
      }
      identity.createMembership("ops", Groups.CAMUNDA_ADMIN);
      // as Admin's first-user setup does: the administrators' group holds every permission
      for (Resources resource : Resources.values()) {
        Authorization all = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        all.setGroupId(Groups.CAMUNDA_ADMIN);
        all.setResource(resource);
        all.setResourceId(Authorization.ANY);
        all.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(all);
      }
    }
    identity.unlockUser("ops");
  }

  @Test
  void aWeakPasswordIsRefused() {
    User weak = identity.newUser("clerk-weak");
    weak.setPassword("demo");
    assertThatThrownBy(() -> identity.saveUser(weak)).isInstanceOf(ProcessEngineException.class);
    ResponseEntity<String> r = http.withBasicAuth("ops", STRONG).postForEntity("/engine-rest/user/create",
        Map.of("profile", Map.of("id", "clerk-weak2", "firstName", "王", "lastName", "五"),
            "credentials", Map.of("password", "password1")), String.class);
    // the engine's REST API answers a refused password with 500 and the policy's message
    assertThat(r.getStatusCode().is2xxSuccessful()).isFalse();
    assertThat(r.getBody()).contains("Password does not match policy");
    assertThat(identity.createUserQuery().userIdIn("clerk-weak", "clerk-weak2").count()).isZero();
    r = http.withBasicAuth("ops", STRONG).postForEntity("/engine-rest/user/create",
        Map.of("profile", Map.of("id", "clerk-strong", "firstName", "王", "lastName", "五"),
            "credentials", Map.of("password", STRONG)), String.class);
    assertThat(r.getStatusCode().value()).as(r.getBody() + r.getHeaders()).isEqualTo(204);
  }

  @Test
  void aFailedLoginMakesTheNextOneWait() {
    User clerk = identity.newUser("clerk-throttled");
    clerk.setPassword(STRONG);
    identity.saveUser(clerk);
    assertThat(status("clerk-throttled", STRONG)).isEqualTo(200);
    assertThat(status("clerk-throttled", "wrong-password")).isEqualTo(401);
    // the right password, right after a wrong one, waits out the delay (3 s): refused
    assertThat(status("clerk-throttled", STRONG)).isEqualTo(401);
    assertThat(identity.createUserQuery().userId("clerk-throttled").singleResult()).isNotNull();
    // the webapps' login is throttled the same way
    HttpHeaders form = new HttpHeaders();
    form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    ResponseEntity<String> login = http.exchange("/camunda/api/admin/auth/user/" + engine.getName() + "/login/tasklist",
        HttpMethod.POST, new HttpEntity<>("username=clerk-throttled&password=" + STRONG, form), String.class);
    assertThat(login.getStatusCode().value()).isIn(401, 403);
    identity.unlockUser("clerk-throttled");
    assertThat(status("clerk-throttled", STRONG)).isEqualTo(200);
  }

  @Test
  void theWebappsSendTheSecurityHeadersAndSecureStrictCookies() {
    ResponseEntity<String> page = http.getForEntity("/camunda/app/tasklist/" + engine.getName() + "/", String.class);
    assertThat(page.getStatusCode().value()).isEqualTo(200);
    HttpHeaders h = page.getHeaders();
    assertThat(h.getFirst("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors");
    assertThat(h.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(h.getFirst("Strict-Transport-Security")).contains("max-age=31536000").contains("includeSubDomains");
    List<String> cookies = h.get(HttpHeaders.SET_COOKIE);
    assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN="));
    String xsrf = cookies.stream().filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow();
    assertThat(xsrf).contains("Secure").contains("SameSite=Strict");

    HttpHeaders form = new HttpHeaders();
    form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    // the token belongs to the session the page opened: both cookies go back
    form.add(HttpHeaders.COOKIE, String.join("; ", cookies.stream().map(c -> c.split(";", 2)[0]).toList()));
    form.add("X-XSRF-TOKEN", xsrf.split(";", 2)[0].substring("XSRF-TOKEN=".length()));
    ResponseEntity<String> login = http.exchange("/camunda/api/admin/auth/user/" + engine.getName() + "/login/tasklist",
        HttpMethod.POST, new HttpEntity<>("username=ops&password=" + STRONG, form), String.class);
    assertThat(login.getStatusCode().value()).as(login.getBody() + login.getHeaders()).isEqualTo(200);
    String session = login.getHeaders().get(HttpHeaders.SET_COOKIE).stream()
        .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    assertThat(session).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
  }

  private int status(String user, String password) {
    return http.withBasicAuth(user, password).getForEntity("/engine-rest/task", String.class).getStatusCode().value();
  }
}
