package cn.panyu.card.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a form offers to set, read from the form files analysts edit (no engine needed). */
class FormFieldsTest {

  @Test
  void aCamundaFormOffersItsKeysAndShowsItsReadOnlyFields() throws IOException {
    FormFields collect = FormFields.ofCamundaForm(Files.readString(Path.of("forms/collect-card.form")));
    assertThat(collect.form()).isEqualTo("collect-card");
    assertThat(collect.editable()).contains("collectionOutcome", "dataErrorNote").doesNotContain("applicationNumber");
    assertThat(collect.readOnly()).contains("applicationNumber", "cardNumber");
  }

  @Test
  void groupsListsAndNestedKeysWriteTheirTopVariable() {
    FormFields f = FormFields.ofCamundaForm("""
        {"id": "x", "components": [
          {"type": "group", "components": [{"type": "textfield", "key": "inGroup"}]},
          {"type": "dynamiclist", "path": "rows", "components": [{"type": "textfield", "key": "cell"}]},
          {"type": "textfield", "key": "address.street"},
          {"type": "checkbox", "key": "locked", "disabled": true},
          {"type": "textfield", "key": "byExpression", "readonly": "=x > 1"},
          {"type": "button", "key": "submit", "action": "submit"},
          {"type": "text", "text": "no key"}]}""");
    assertThat(f.editable()).containsExactlyInAnyOrder("inGroup", "rows", "address", "byExpression");
    assertThat(f.readOnly()).containsExactly("locked");
  }

  @Test
  void anEmbeddedFormOffersItsCamVariablesAndWhatItsScriptCreates() throws IOException {
    FormFields scan = FormFields.ofHtml("registration-scan.html", Files.readString(Path.of("forms/registration-scan.html")));
    assertThat(scan.editable()).containsExactlyInAnyOrder("registrationScan", "photoFile");
    // what its script fetches to show: Tasklist may send it back as it was, never changed
    assertThat(scan.readOnly()).containsExactlyInAnyOrder("name", "photoSource");
    FormFields f = FormFields.ofHtml("x.html", """
        <input type="text" cam-variable-name="remarks" cam-variable-type="String">
        <input type="text" readonly cam-variable-name="batchNumber">
        <script cam-script>camForm.variableManager.createVariable({ name: 'chosenRows', type: 'Json' });</script>""");
    assertThat(f.editable()).containsExactlyInAnyOrder("remarks", "chosenRows");
    assertThat(f.readOnly()).containsExactly("batchNumber");
  }

  @Test
  void everyFormOfTheProjectReads() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("forms"))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        FormFields fields = f.toString().endsWith(".form") ? FormFields.ofCamundaForm(text)
            : FormFields.ofHtml(f.getFileName().toString(), text);
        assertThat(fields.editable().size() + fields.readOnly().size()).as("%s offers something", f).isPositive();
        assertThat(Collections.disjoint(fields.editable(), fields.readOnly()))
            .as("%s: no variable both editable and read-only", f).isTrue();
      }
    }
  }
}
