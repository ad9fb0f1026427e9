/**
 * Feedback of the City Card Centre's ineligible records (plan 6.1.2, 6.3.2, 6.3.5, 6.3.7): one list per submission,
 * relayed as one task at the card office and one at the town or department ({@code ineligible-feedback}), delivered
 * to the units that decide per person (the villages' application instances, the institution's batch).
 */
package cn.panyu.card.feedback;
