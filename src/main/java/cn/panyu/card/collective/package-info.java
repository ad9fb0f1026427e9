/**
 * Collective issuance ({@code collective-issuance}, processes/collective-issuance.bpmn): one instance per
 * institution batch, business key = batch number. Intake ({@code cn.panyu.card.intake}) stores the rows as
 * applications (mode COLLECTIVE); {@link cn.panyu.card.collective.CollectiveBatches} does everything else a
 * batch goes through — its submissions to the City Card Centre (at most {@code collective.submission-max-rows}
 * rows each, a multi-instance sub-process), the card-making results, the correction of ineligible rows, the
 * arrival of its cards at the institution (told by {@code CardRouting}, message {@code BatchCardsArrived}),
 * issuing, the sign-off sheets and recovered cards going back up to the City Centre (message
 * {@code BatchReturnsCompleted}). The delegates in this package only translate between the engine and it;
 * {@link cn.panyu.card.collective.CollectiveIssuance} holds the model's names.
 */
package cn.panyu.card.collective;
