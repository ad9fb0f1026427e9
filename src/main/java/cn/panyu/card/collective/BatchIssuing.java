package cn.panyu.card.collective;

import cn.panyu.card.application.ApplicantCorrection;
import cn.panyu.card.application.Application;
import cn.panyu.card.application.ApplicationRepository;
import cn.panyu.card.application.ApplicationStatus;
import cn.panyu.card.application.Corrections;
import cn.panyu.card.application.Documents;
import cn.panyu.card.custody.CardRef;
import cn.panyu.card.custody.CustodyLedger;
import cn.panyu.card.custody.Locations;
import cn.panyu.card.delivery.RecoveryBoxes;
import cn.panyu.card.delivery.Shipments;
import cn.panyu.card.org.OrgUnitType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issuing one round's cards at the institution, over as many days as people take to collect: each time the
 * institution records who collected (their stamped sign-off sheets go up at once as a shipment of their own), whose
 * card shows wrong data (the card goes back in the institution's recovery box, the person's data are corrected and
 * submitted again), and who has not come yet. When the collection period ends the cards still waiting go back in the
 * recovery box.
 */
@Service("batchIssuing")
public class BatchIssuing {

  public static final String DOCUMENT_KIND_SIGN_OFF = "SIGN_OFF_SHEET";

  /** What one issuing record left. */
  public record Issuing(int issued, int remaining, int dataErrors, String sheetsShipmentId, String dataErrorText) {}

  private final ApplicationRepository applications;
  private final Shipments shipments;
  private final CustodyLedger ledger;
  private final Documents documents;
  private final RecoveryBoxes recoveryBoxes;
  private final Corrections corrections;

  public BatchIssuing(ApplicationRepository applications, Shipments shipments, CustodyLedger ledger,
      Documents documents, RecoveryBoxes recoveryBoxes, Corrections corrections) {
    this.applications = applications;
    this.shipments = shipments;
    this.ledger = ledger;
    this.documents = documents;
    this.recoveryBoxes = recoveryBoxes;
    this.corrections = corrections;
  }

  /** The round's cards at the institution not handed out yet, one line each, for the issuing form. */
  public String cardsText(String shipmentId) {
    return Texts.limit(waiting(shipmentId).stream()
        .map(a -> a.applicationNumber() + " " + a.name() + " 卡号 " + a.cardNumber()).collect(Collectors.joining("\n")));
  }

  public int remaining(String shipmentId) {
    return waiting(shipmentId).size();
  }

  /**
   * An issuing record: every waiting card is handed out except those listed as not collected yet (application,
   * card or ID numbers) and those listed as showing wrong data.
   */
  @Transactional
  public Issuing record(String batchNumber, String shipmentId, String notCollectedText, String dataErrorsText,
      byte[] scan, String scanName, String actor) {
    List<Application> waiting = waiting(shipmentId);
    Map<String, Application> byToken = new LinkedHashMap<>();
    waiting.forEach(a -> {
      byToken.put(a.applicationNumber(), a);
      byToken.put(a.cardNumber(), a);
      byToken.put(a.idNumber(), a);
    });
    Set<String> later = numbers(Texts.tokens(notCollectedText), byToken);
    Set<String> wrong = numbers(Texts.tokens(dataErrorsText), byToken);
    if (later.stream().anyMatch(wrong::contains)) {
      throw new IllegalArgumentException("同一张卡片不能既列为尚未领取又列为卡面信息有误");
    }
    List<CardRef> issued = new ArrayList<>();
    List<Application> dataErrors = new ArrayList<>();
    for (Application a : waiting) {
      if (wrong.contains(a.applicationNumber())) {
        dataErrors.add(a);
      } else if (!later.contains(a.applicationNumber())) {
        issued.add(new CardRef(a.cardNumber(), a.applicationNumber()));
      }
    }
    if (!issued.isEmpty() && (scan == null || scan.length == 0)) {
      throw new IllegalArgumentException("请上传已领卡人员签名、单位盖章的领卡签收表扫描件");
    }
    // nothing may wait any more (an issuing task reopened by hand): then nothing is recorded
    String institution = waiting.isEmpty() ? null
        : Locations.of(OrgUnitType.INSTITUTION, waiting.get(0).unitCode());
    for (CardRef card : issued) {
      ledger.recordIssued(card.cardNumber(), actor);
      applications.changeStatus(card.applicationNumber(), ApplicationStatus.ISSUED, actor, "已领卡并在签收表上签名");
    }
    String sheets = null;
    if (!issued.isEmpty()) {
      long doc = documents.store(DOCUMENT_KIND_SIGN_OFF, scanName == null ? batchNumber + "-签收表.pdf" : scanName,
          "application/octet-stream", scan, actor);
      sheets = shipments.returnSheets(batchNumber, institution, issued, doc);
    }
    if (!dataErrors.isEmpty()) {
      recoveryBoxes.put(institution, dataErrors.stream().map(a -> new CardRef(a.cardNumber(), a.applicationNumber()))
          .toList());
      // the wrong card goes back now; the row waits for its corrected data (RECOVERED, not submitted meanwhile)
      dataErrors.forEach(a -> applications.changeStatus(a.applicationNumber(), ApplicationStatus.RECOVERED, actor,
          "卡面信息有误，卡片装入单位回收箱交回，待单位更正资料后重新制卡"));
    }
    String dataErrorText = dataErrors.stream()
        .map(a -> String.join(",", a.applicationNumber(), a.name(), a.gender(), a.phone() == null ? "" : a.phone(),
            a.bank()))
        .collect(Collectors.joining("\n"));
    return new Issuing(issued.size(), later.size(), dataErrors.size(), sheets, dataErrorText);
  }

  /** The collection period is over: the cards still waiting go back in the institution's recovery box. */
  @Transactional
  public int boxUncollected(String shipmentId) {
    List<Application> waiting = waiting(shipmentId);
    if (waiting.isEmpty()) {
      return 0;
    }
    recoveryBoxes.put(Locations.of(OrgUnitType.INSTITUTION, waiting.get(0).unitCode()),
        waiting.stream().map(a -> new CardRef(a.cardNumber(), a.applicationNumber())).toList());
    waiting.forEach(a -> applications.changeStatus(a.applicationNumber(), ApplicationStatus.RECOVERED, "system",
        "领卡期限届满未领，卡片装入单位回收箱交回"));
    return waiting.size();
  }

  /**
   * Checks the institution's corrected data of the people whose card showed wrong data, one line each
   * (申请编号,姓名,性别,手机,银行), against the lines the form listed ({@code listedText}, the data as they were):
   * every listed person and nobody else, each with something changed. Throws with the form's message.
   */
  public void checkCardDataCorrections(String listedText, String correctionsText) {
    corrections(listedText, correctionsText, null);
  }

  /** The cards with wrong data of the people listed on a correction form (to report them to the City Centre). */
  public List<String> wrongCards(String listedText) {
    return numbersOf(listedText).stream().map(applications::find).flatMap(Optional::stream)
        .filter(a -> a.status() == ApplicationStatus.RECOVERED && a.cardNumber() != null)
        .map(Application::cardNumber).toList();
  }

  /**
   * Stores the checked corrections ({@link #checkCardDataCorrections}): the people go to the centre again.
   *
   * @return how many go again
   */
  @Transactional
  public int applyCardDataCorrections(String listedText, String correctionsText, String actor) {
    List<Runnable> work = corrections(listedText, correctionsText, actor);
    work.forEach(Runnable::run);
    return work.size();
  }

  private List<Runnable> corrections(String listedText, String correctionsText, String actor) {
    List<String> listed = listedText == null ? null : numbersOf(listedText);
    List<String> problems = new ArrayList<>();
    List<Runnable> work = new ArrayList<>();
    Set<String> given = new HashSet<>();
    for (String line : (correctionsText == null ? "" : correctionsText).split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("[,，]", -1);
      String number = f[0].trim();
      given.add(number);
      Application app = applications.find(number).filter(a -> a.status() == ApplicationStatus.RECOVERED)
          .filter(a -> listed == null || listed.contains(a.applicationNumber())).orElse(null);
      if (app == null || f.length != 5) {
        problems.add(line + "：格式应为“申请编号,姓名,性别,手机,银行”，且申请编号是本表所列卡面有误的人员");
        continue;
      }
      ApplicantCorrection c = new ApplicantCorrection(f[1].trim(), f[2].trim(), f[3].trim(), f[4].trim(), null, null,
          null);
      String problem = corrections.problem(number, null, c);
      if (problem != null) {
        problems.add(number + " " + app.name() + "：" + problem);
        continue;
      }
      work.add(() -> corrections.apply(number, null, c, actor, "卡面信息有误，单位更正资料后重新制卡"));
    }
    if (listed != null) {
      listed.stream().filter(n -> !given.contains(n)).forEach(n -> problems.add(n + " "
          + applications.find(n).map(Application::name).orElse("") + "：请填写更正后的资料（每人一行）"));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return work;
  }

  /** The application numbers of a correction form's lines (the first field of each). */
  private static List<String> numbersOf(String text) {
    return text.lines().filter(l -> !l.isBlank()).map(l -> l.split("[,，]", -1)[0].trim()).distinct().toList();
  }

  /**
   * The round's cards waiting at the institution. A card of the round that was wrong and made again is another
   * card: the new one waits in its own round, not in this one.
   */
  private List<Application> waiting(String shipmentId) {
    List<Application> waiting = new ArrayList<>();
    for (CardRef c : shipments.cards(shipmentId)) {
      Application a = applications.get(c.applicationNumber());
      if (a.status() == ApplicationStatus.AT_ISSUING_UNIT && c.cardNumber().equals(a.cardNumber())) {
        waiting.add(a);
      }
    }
    return waiting;
  }

  private static Set<String> numbers(Set<String> tokens, Map<String, Application> byToken) {
    List<String> unknown = tokens.stream().filter(t -> !byToken.containsKey(t)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("以下编号不是本单位待发放的卡片：" + String.join("、", unknown));
    }
    return tokens.stream().map(t -> byToken.get(t).applicationNumber()).collect(Collectors.toSet());
  }
}
