package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.Var;

import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.Documents;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.stereotype.Component;

/** Moves the uploaded scan of the registration form (and the photo file) into the application's documents. */
@Component("storeRegistrationFiles")
public class StoreRegistrationFilesDelegate implements JavaDelegate {

  private final Documents documents;
  private final ApplicationRepository applications;

  public StoreRegistrationFilesDelegate(Documents documents, ApplicationRepository applications) {
    this.documents = documents;
    this.applications = applications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String number = (String) execution.getVariable(Var.APPLICATION_NUMBER);
    String actor = (String) execution.getVariable(Var.REGISTERED_BY);
    Long scanId = store(execution, Var.REGISTRATION_SCAN, "REGISTRATION_FORM", actor);
    Long photoId = store(execution, Var.PHOTO_FILE, "PHOTO", actor);
    applications.attachDocuments(number, scanId, photoId);
  }

  private Long store(DelegateExecution execution, String variable, String kind, String actor) {
    FileValue file = execution.getVariableTyped(variable);
    if (file == null || file.getValue() == null) {
      return null;
    }
    try (var in = file.getValue()) {
      long id = documents.store(kind, file.getFilename(), file.getMimeType() == null
          ? "application/octet-stream" : file.getMimeType(), in.readAllBytes(), actor);
      execution.removeVariable(variable);
      return id;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("读取上传文件失败：" + file.getFilename(), e);
    }
  }
}
