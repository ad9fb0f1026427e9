package cn.panyu.card.collective;

import static cn.panyu.card.engine.Actors.actor;
import static cn.panyu.card.collective.CollectiveDelegates.batch;
import static cn.panyu.card.collective.CollectiveIssuance.*;

import cn.panyu.card.collective.BatchIntake.IntakeRequest;
import cn.panyu.card.collective.BatchIntake.IntakeResult;
import cn.panyu.card.engine.ProcessVariable;
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
      String user = UPLOADED_BY.getOrNull(e);
      String institution = batches.institutionOfUser(user);
      IntakeResult result;
      try {
        result = withFiles(e, BATCH_FILE, PHOTO_ARCHIVE, (file, photos, name) ->
            intake.intakeForInstance(new IntakeRequest(institution, file, name, FILE_PASSWORD.getOrNull(e), photos,
                user, LocalDate.now(clock)), e.getProcessInstanceId()));
      } catch (FileRefusedException refused) {
        // nothing was stored: the instance holds no batch yet
        ACCEPTED.set(e, 0);
        REJECTED.set(e, 0);
        FILE_PASSWORD.remove(e);
        throw new BpmnError(ERROR_BATCH_FILE_REFUSED, refused.getMessage());
      }
      BATCH_NUMBER.set(e, result.batchNumber());
      INSTITUTION_CODE.set(e, institution);
      ACCEPTED.set(e, result.accepted());
      REJECTED.set(e, result.rejectedRows());
      CHANNEL.set(e, CHANNEL_TASKLIST);
      e.setProcessBusinessKey(result.batchNumber());
      FILE_PASSWORD.remove(e);
      FILE_REFUSED_REASON.remove(e);
    };
  }

  /** The batch is stored (by the API or the upload's job): its units, their access, the refused rows' text. */
  @Bean
  JavaDelegate receiveCollectiveBatch(CollectiveBatches batches, InstanceAccess access) {
    return e -> {
      if (CHANNEL.getOrNull(e) == null) {
        CHANNEL.set(e, CHANNEL_API);
      }
      CollectiveBatches.BatchUnits units = batches.unitsOf(INSTITUTION_CODE.getOrNull(e));
      INSTITUTION_NAME.set(e, units.institution().name());
      INSTITUTION_GROUP.set(e, units.institution().groupId());
      // an institution without a department is supervised by the card office directly
      DEPARTMENT_CODE.set(e, units.department() == null ? OrgUnit.CARD_OFFICE_CODE
          : units.department().code());
      DEPARTMENT_NAME.set(e, units.department() == null ? "区卡办" : units.department().name());
      DEPARTMENT_GROUP.set(e, units.department() == null ? OrgUnit.CARD_OFFICE_CODE
          : units.department().groupId());
      access.grantRead(e.getProcessInstanceId(), units.institution().code());
      REJECTED_TEXT.set(e, batches.rejectedText(batch(e)));
    };
  }

  /** The correction form: a corrected file of the refused rows goes into the same batch, or they are dropped. */
  @Bean
  JavaDelegate reintakeCorrections(BatchIntake intake, CollectiveBatches batches, Clock clock) {
    return e -> {
      if (SKIP.equals(CORRECTION_ACTION.getOrNull(e))) {
        CORRECTED_FILE.remove(e);
        REJECTED.set(e, 0);
        return;
      }
      if (CORRECTED_FILE.getOrNull(e) == null) {
        throw new IllegalArgumentException("请上传更正后的文件，或选择“放弃退回记录，其余记录继续办理”");
      }
      String user = actor(e);
      IntakeResult result = withFiles(e, CORRECTED_FILE, null, (file, photos, name) ->
          intake.reintake(batch(e), new IntakeRequest(INSTITUTION_CODE.getOrNull(e), file, name, null,
              photos, user, LocalDate.now(clock))));
      ACCEPTED.set(e, batches.acceptedRows(batch(e)));
      REJECTED.set(e, result.rejectedRows());
      REJECTED_TEXT.set(e, batches.rejectedText(batch(e)));
    };
  }

  interface Intake {
    IntakeResult run(Path file, Path photos, String fileName) throws IOException;
  }

  /** Spools the uploaded files to temporary files for the intake, removes them from the instance after. */
  private static IntakeResult withFiles(DelegateExecution e, ProcessVariable<FileValue> fileVar,
      ProcessVariable<FileValue> photosVar, Intake intake) throws IOException {
    FileValue file = fileVar.getOrNull(e);
    if (file == null) {
      throw new FileRefusedException(Reasons.FILE_EMPTY, "请上传批次文件（CSV 或 XLSX）");
    }
    Path data = spool(file);
    FileValue photoValue = photosVar == null ? null : photosVar.getOrNull(e);
    Path photos = photoValue == null ? null : spool(photoValue);
    try {
      return intake.run(data, photos, file.getFilename());
    } finally {
      Files.deleteIfExists(data);
      if (photos != null) {
        Files.deleteIfExists(photos);
      }
      fileVar.remove(e);
      if (photosVar != null) {
        photosVar.remove(e);
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
