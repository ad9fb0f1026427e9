package cn.panyu.card.collective;

import static cn.panyu.card.engine.Actors.actor;
import static cn.panyu.card.collective.CollectiveDelegates.batch;
import static cn.panyu.card.collective.CollectiveDelegates.str;
import static cn.panyu.card.collective.CollectiveIssuance.Var;

import cn.panyu.card.collective.BatchIntake.IntakeRequest;
import cn.panyu.card.collective.BatchIntake.IntakeResult;
import cn.panyu.card.intake.FileRefusedException;
import cn.panyu.card.intake.Reasons;
import cn.panyu.card.org.InstanceAccess;
import cn.panyu.card.org.OrgUnit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Intake at the start of {@code collective-issuance} and in its correction loop. A batch posted to
 * POST /api/collective-batches is stored already when its instance starts; a batch uploaded on the
 * Tasklist start form is taken in here, by the same {@link BatchIntake}, in a job of its own (a file refused
 * whole goes back to the uploader with the reason, and nothing stays behind).
 */
@Configuration
public class BatchIntakeDelegates {

  /**
   * A file uploaded in Tasklist, taken in by a job (never in the uploader's request): a file that cannot be taken
   * in at all goes back to the uploader as a BPMN error; anything else fails the job, which the engine retries.
   */
  @Bean
  JavaDelegate takeInUploadedBatch(BatchIntake intake, CollectiveBatches batches, Clock clock) {
    return e -> {
      String user = str(e, Var.UPLOADED_BY);
      String institution = batches.institutionOfUser(user);
      IntakeResult result;
      try {
        result = withFiles(e, Var.BATCH_FILE, Var.PHOTO_ARCHIVE, (file, photos, name) ->
            intake.intakeForInstance(new IntakeRequest(institution, file, name, str(e, Var.FILE_PASSWORD), photos,
                user, LocalDate.now(clock)), e.getProcessInstanceId()));
      } catch (FileRefusedException refused) {
        // nothing was stored: the instance holds no batch yet
        e.setVariable(Var.ACCEPTED, 0);
        e.setVariable(Var.REJECTED, 0);
        e.removeVariable(Var.FILE_PASSWORD);
        throw new BpmnError(CollectiveIssuance.ERROR_BATCH_FILE_REFUSED, refused.getMessage());
      }
      e.setVariable(Var.BATCH_NUMBER, result.batchNumber());
      e.setVariable(Var.INSTITUTION_CODE, institution);
      e.setVariable(Var.ACCEPTED, result.accepted());
      e.setVariable(Var.REJECTED, result.rejectedRows());
      e.setVariable(Var.CHANNEL, CollectiveIssuance.CHANNEL_TASKLIST);
      e.setProcessBusinessKey(result.batchNumber());
      e.removeVariable(Var.FILE_PASSWORD);
      e.removeVariable(Var.FILE_REFUSED_REASON);
    };
  }

  /** The batch is stored (by the API or the upload's job): its units, their access, the refused rows' text. */
  @Bean
  JavaDelegate receiveCollectiveBatch(CollectiveBatches batches, InstanceAccess access) {
    return e -> {
      if (e.getVariable(Var.CHANNEL) == null) {
        e.setVariable(Var.CHANNEL, CollectiveIssuance.CHANNEL_API);
      }
      CollectiveBatches.BatchUnits units = batches.unitsOf(str(e, Var.INSTITUTION_CODE));
      e.setVariable(Var.INSTITUTION_NAME, units.institution().name());
      e.setVariable(Var.INSTITUTION_GROUP, units.institution().groupId());
      // an institution without a department is supervised by the card office directly
      e.setVariable(Var.DEPARTMENT_CODE, units.department() == null ? OrgUnit.CARD_OFFICE_CODE
          : units.department().code());
      e.setVariable(Var.DEPARTMENT_NAME, units.department() == null ? "区卡办" : units.department().name());
      e.setVariable(Var.DEPARTMENT_GROUP, units.department() == null ? OrgUnit.CARD_OFFICE_CODE
          : units.department().groupId());
      access.grantRead(e.getProcessInstanceId(), units.institution().code());
      e.setVariable(Var.REJECTED_TEXT, batches.rejectedText(batch(e)));
    };
  }

  /** The correction form: a corrected file of the refused rows goes into the same batch, or they are dropped. */
  @Bean
  JavaDelegate reintakeCorrections(BatchIntake intake, CollectiveBatches batches, Clock clock) {
    return e -> {
      if (CollectiveIssuance.SKIP.equals(str(e, Var.CORRECTION_ACTION))) {
        e.removeVariable(Var.CORRECTED_FILE);
        e.setVariable(Var.REJECTED, 0);
        return;
      }
      FileValue corrected = e.getVariableTyped(Var.CORRECTED_FILE);
      if (corrected == null || corrected.getValue() == null) {
        throw new IllegalArgumentException("请上传更正后的文件，或选择“放弃退回记录，其余记录继续办理”");
      }
      String user = actor(e);
      IntakeResult result = withFiles(e, Var.CORRECTED_FILE, null, (file, photos, name) ->
          intake.reintake(batch(e), new IntakeRequest(str(e, Var.INSTITUTION_CODE), file, name, null,
              photos, user, LocalDate.now(clock))));
      e.setVariable(Var.ACCEPTED, batches.acceptedRows(batch(e)));
      e.setVariable(Var.REJECTED, result.rejectedRows());
      e.setVariable(Var.REJECTED_TEXT, batches.rejectedText(batch(e)));
    };
  }

  interface Intake {
    IntakeResult run(Path file, Path photos, String fileName) throws IOException;
  }

  /** Spools the uploaded files to temporary files for the intake, removes them from the instance after. */
  private static IntakeResult withFiles(DelegateExecution e, String fileVar, String photosVar, Intake intake)
      throws IOException {
    FileValue file = e.getVariableTyped(fileVar);
    if (file == null || file.getValue() == null) {
      throw new FileRefusedException(Reasons.FILE_EMPTY, "请上传批次文件（CSV 或 XLSX）");
    }
    Path data = spool(file);
    FileValue photoValue = photosVar == null ? null : e.getVariableTyped(photosVar);
    Path photos = photoValue == null || photoValue.getValue() == null ? null : spool(photoValue);
    try {
      return intake.run(data, photos, file.getFilename());
    } finally {
      Files.deleteIfExists(data);
      if (photos != null) {
        Files.deleteIfExists(photos);
      }
      e.removeVariable(fileVar);
      if (photosVar != null) {
        e.removeVariable(photosVar);
      }
    }
  }

  private static Path spool(FileValue value) throws IOException {
    Path tmp = Files.createTempFile("collective-upload-", ".upload");
    try (InputStream in = value.getValue()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    return tmp;
  }
}
