package cn.panyu.card.citycentre.simulator;

import cn.panyu.card.citycentre.CardCentreModel.Acknowledgement;
import cn.panyu.card.citycentre.CardCentreModel.ApplicationBatch;
import cn.panyu.card.citycentre.CardCentreModel.CardResult;
import cn.panyu.card.citycentre.simulator.CardCentreSimulator.Card;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulator's state in its own tables ({@code db/simulator}), migrated here with a history table of its own,
 * so that the simulator brings its schema wherever it runs: in the application's database (in-process) or in
 * its own (standalone). The simulator serialises its calls; each change here is one statement or runs inside
 * the simulator's transaction.
 */
@Component
@ConditionalOnSimulator
public class SimulatorStore {

  /** A submission as stored. {@code callbackStatuses} is null until the results were called back. */
  public record StoredSubmission(String submissionId, String fingerprint, int received, String status,
      String callbackUrl, ApplicationBatch batch, List<CardResult> results, List<Integer> callbackStatuses,
      Instant receivedAt) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final JavaType resultList;

  public SimulatorStore(DataSource dataSource, ObjectMapper json) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/simulator")
        .table("simulator_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    this.jdbc = new JdbcTemplate(dataSource);
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.json = json;
    this.resultList = json.getTypeFactory().constructCollectionType(List.class, CardResult.class);
  }

  /** Several changes that stand or fall together (e.g. an acknowledgement and what it acknowledges). */
  public void inTransaction(Runnable changes) {
    tx.executeWithoutResult(status -> changes.run());
  }

  // ---- submissions ----

  public Optional<StoredSubmission> submission(String submissionId) {
    return jdbc.query("select * from sim_submission where submission_id = ?", this::toSubmission, submissionId)
        .stream().findFirst();
  }

  public List<StoredSubmission> processing() {
    return jdbc.query("select * from sim_submission where status = ? order by received_at", this::toSubmission,
        CardCentreSimulator.PROCESSING);
  }

  public void insertSubmission(ApplicationBatch batch, String fingerprint, Instant receivedAt) {
    jdbc.update("insert into sim_submission (submission_id, fingerprint, received, status, callback_url, batch,"
        + " received_at) values (?, ?, ?, ?, ?, ?, ?)", batch.submissionId(), fingerprint,
        batch.applications().size(), CardCentreSimulator.PROCESSING, batch.callbackUrl(), write(batch),
        Timestamp.from(receivedAt));
  }

  /** The cards are made: the results replace the submitted data (and its photos). */
  public void complete(String submissionId, List<CardResult> results) {
    jdbc.update("update sim_submission set status = ?, results = ?, batch = null where submission_id = ?",
        CardCentreSimulator.COMPLETED, write(results), submissionId);
  }

  public void setCallbackStatuses(String submissionId, List<Integer> statuses) {
    jdbc.update("update sim_submission set callback_statuses = ? where submission_id = ?",
        String.join(",", statuses.stream().map(String::valueOf).toList()), submissionId);
  }

  // ---- cards ----

  public Optional<Card> currentCard(String applicationNumber) {
    return jdbc.query("select * from sim_card where application_number = ? and current_card = true", SimulatorStore::toCard,
        applicationNumber).stream().findFirst();
  }

  public Optional<Card> card(String cardNumber) {
    return jdbc.query("select * from sim_card where card_number = ?", SimulatorStore::toCard, cardNumber).stream()
        .findFirst();
  }

  public void insertCard(Card card) {
    jdbc.update("insert into sim_card (card_number, card_batch_number, application_number, submission_id,"
        + " activation_callback_url, stopped, current_card) values (?, ?, ?, ?, ?, false, true)", card.cardNumber(),
        card.cardBatchNumber(), card.applicationNumber(), card.submissionId(), card.activationCallbackUrl());
  }

  /** The card no longer stands for its application (back at the centre, or reported): a new one may be made. */
  public void release(String cardNumber, boolean stop) {
    jdbc.update("update sim_card set current_card = false, stopped = (stopped or ?) where card_number = ?", stop,
        cardNumber);
  }

  // ---- acknowledgements and what the districts sent ----

  public Optional<Acknowledgement> acknowledgement(String key) {
    return jdbc.query("select reference, received_at from sim_acknowledgement where idempotency_key = ?",
        (rs, i) -> new Acknowledgement(rs.getString(1), rs.getString(2)), key).stream().findFirst();
  }

  public void insertAcknowledgement(String key, Acknowledgement ack) {
    jdbc.update("insert into sim_acknowledgement (idempotency_key, reference, received_at) values (?, ?, ?)", key,
        ack.reference(), ack.receivedAt());
  }

  public void addReceived(String kind, Object payload) {
    jdbc.update("insert into sim_received (kind, payload) values (?, ?)", kind, write(payload));
  }

  public <T> List<T> received(String kind, Class<T> type) {
    return jdbc.queryForList("select payload from sim_received where kind = ? order by id", String.class, kind)
        .stream().map(p -> read(p, json.getTypeFactory().constructType(type)))
        .map(type::cast).toList();
  }

  /** The next number of a sequence ("card", "batch", "ack"): numbers go on after a restart. */
  public long next(String counter) {
    jdbc.update("update sim_counter set counter_value = counter_value + 1 where name = ?", counter);
    return jdbc.queryForObject("select counter_value from sim_counter where name = ?", Long.class, counter);
  }

  /** Forgets every submission, card and receipt (tests, the demo's "start over"); numbers go on. */
  public void clear() {
    for (String table : List.of("sim_submission", "sim_card", "sim_acknowledgement", "sim_received")) {
      jdbc.update("delete from " + table);
    }
  }

  // ---- rows ----

  private StoredSubmission toSubmission(ResultSet rs, int row) throws SQLException {
    String batch = rs.getString("batch");
    String results = rs.getString("results");
    String statuses = rs.getString("callback_statuses");
    return new StoredSubmission(rs.getString("submission_id"), rs.getString("fingerprint"), rs.getInt("received"),
        rs.getString("status"), rs.getString("callback_url"),
        batch == null ? null : (ApplicationBatch) read(batch, json.getTypeFactory().constructType(ApplicationBatch.class)),
        results == null ? List.of() : read(results, resultList),
        statuses == null ? null : statuses.isEmpty() ? List.of()
            : Arrays.stream(statuses.split(",")).map(Integer::valueOf).toList(),
        rs.getTimestamp("received_at").toInstant());
  }

  private static Card toCard(ResultSet rs, int row) throws SQLException {
    return new Card(rs.getString("card_number"), rs.getString("card_batch_number"), rs.getString("application_number"),
        rs.getString("submission_id"), rs.getString("activation_callback_url"), rs.getBoolean("stopped"));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String text, JavaType type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
