/**
 * Applicant data intake: the one set of rules every applicant's data passes, and the institutions'
 * batch files.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@link cn.panyu.card.intake.ApplicantRules}: {@code normalise} then {@code check} — used by the
 *       individual registration (row null) and by every batch row. Reason codes in
 *       {@link cn.panyu.card.intake.Reasons}, field names are the API's JSON names.</li>
 *   <li>Who may apply — the age limit, and the insured enterprise employees whom the campaign does not
 *       serve (plan §3, {@code ENTERPRISE_EMPLOYEE}): {@code processes/intake-eligibility.dmn} (decision
 *       {@code intake-eligibility}, inputs {@code residency}, {@code age}, {@code enterpriseEmployee};
 *       output {@code reason}). The running application evaluates the latest deployed version
 *       ({@link cn.panyu.card.intake.EngineEligibilityRule}); a batch evaluates it once per combination
 *       of inputs. The decision needs the age, so it is asked only once the ID number is valid.</li>
 *   <li>Batch file columns: {@link cn.panyu.card.intake.BatchLayout} (optional 户籍类别 and 是否企业职工,
 *       the latter 是/否, empty = 否).</li>
 *   <li>Banks: {@code src/main/resources/reference/banks.csv} ({@code intake.banks} to use another
 *       file); full or short name accepted, the full name stored.</li>
 *   <li>Limits: {@link cn.panyu.card.intake.IntakeProperties} ({@code intake.max-file-bytes}, photo
 *       sizes and dimensions, archive limits, {@code intake.chunk-size}).</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>A lower-case {@code x} as the check character is accepted and stored as the canonical
 *       upper-case {@code X}: it is the same number (people type it so); duplicates and claims compare
 *       the upper-case form.</li>
 *   <li>Full-width digits, letters and spaces become half-width; values are trimmed; ID numbers and
 *       phones lose inner spaces; {@code +86} is dropped from phones.</li>
 *   <li>Age is whole years on the application date; the birthday itself counts. Someone born on
 *       29 February reaches a new age on 29 February in leap years and on 1 March otherwise.</li>
 *   <li>The address code: province (GB/T 2260 first two digits) and a prefecture that is not
 *       {@code 00}. The full county list is not part of the reference data; the City Card Centre
 *       checks the number against the population register.</li>
 *   <li>A birth date before 1900 or after the application date is {@code ID_BIRTHDATE}.</li>
 *   <li>Phones: an 11-digit mobile number (13x-19x) or a landline with area code.</li>
 *   <li>An ID number typed into a numeric Excel cell has lost digits (Excel keeps 15): it is read as
 *       stored and fails with {@code ID_FORMAT}, never passing as a different number.</li>
 *   <li>A photo is a real JPEG (SOI marker and a frame header) of 2 KB to 2 MB and 358×441 to
 *       4000×6000 pixels (the City Card Centre's minimum). A photo ZIP with an unsafe entry name
 *       ({@code ../}, absolute, drive letter) is refused whole ({@code FILE_UNREADABLE}); an archive bomb
 *       (too many entries, too many expanded bytes, an entry expanding past a photo's size at more
 *       than 100:1) is refused whole ({@code FILE_TOO_LARGE}). Entries are never read past the
 *       photo limit, whatever their header says.</li>
 *   <li>The header row is the first non-empty row; a title row above the header therefore makes the
 *       file {@code FILE_HEADER} (the message names the expected headers).</li>
 *   <li>Every rejected row is in the error report with its original row number, all its reasons
 *       and its values under the original headers: the institution corrects that file and uploads
 *       it again (its extra leading columns are ignored). A re-intake replaces the batch's
 *       outstanding errors with those of the corrected file.</li>
 * </ul>
 *
 * <h2>Storage and concurrency</h2>
 * One transaction per file; a file refused whole (even at its last row) leaves nothing. The file is
 * read and checked on a reader thread while the transaction's thread stores chunks (a bounded queue:
 * the heap stays flat). {@code applicant_claim}'s primary key decides {@code ALREADY_APPLIED}: on
 * PostgreSQL one statement per chunk inserts the claims ({@code on conflict do nothing}, in
 * ID-number order), and the applications and events of the claims won; on H2 a {@code MERGE}
 * batch. Two files with the same people at the same moment: the second waits for the first
 * transaction and then finds the claims taken; should PostgreSQL still pick a deadlock loser, the
 * whole intake is retried (up to three times). ID numbers and phones appear in logs only masked
 * ({@link cn.panyu.card.personaldata.Masking}).
 */
package cn.panyu.card.intake;
