/**
 * Collective issuance ({@code collective-issuance}, processes/collective-issuance.bpmn): one instance per
 * institution batch, business key = batch number. Intake ({@code cn.panyu.card.intake}) stores the rows as
 * applications (mode COLLECTIVE). {@link cn.panyu.card.collective.CollectiveBatches} holds the batch as a whole
 * (its units, its withdrawal, {@code GET /api/collective-batches/{n}});
 * {@link cn.panyu.card.collective.BatchSubmissions} its rounds of submissions to the City Card Centre (parts of at most {@code collective.submission-max-rows} rows,
 * a multi-instance sub-process; each round's cards leave as one {@code card-shipment}, its ineligible rows as one
 * {@code ineligible-feedback} list); {@link cn.panyu.card.collective.BatchFollowUps} the institution's answer to
 * a list (correct with photos or withdraw); {@link cn.panyu.card.collective.BatchIssuing} the issuing of a round
 * over several days (sign-off sheets up as their own shipment, wrong-data cards corrected, reported and made
 * again, uncollected cards into the institution's recovery box at the deadline). The delegates in this package
 * only translate between the engine and them; {@link cn.panyu.card.collective.CollectiveIssuance} holds the
 * model's names.
 */
package cn.panyu.card.collective;
