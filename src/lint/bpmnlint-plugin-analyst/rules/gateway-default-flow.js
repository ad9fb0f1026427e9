// Every exclusive gateway with more than one outgoing flow names one of them as its default flow, so that an
// unforeseen value (a renamed form option) takes the default path instead of failing with "no outgoing
// sequence flow". The default flow must be one of the gateway's outgoing flows and carry no condition (the
// engine ignores it).
const { is, describe, outgoingOf } = require('../lib/model');

module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:ExclusiveGateway')) return;
    const outgoing = outgoingOf(node);
    if (outgoing.length < 2) return;
    const fallback = node.default;
    if (!fallback) {
      reporter.report(node.id, `exclusive gateway ${describe(node)} splits into ${outgoing.length} flows `
        + `without a default flow: mark one of ${outgoing.map((f) => f.id).join(', ')} as default`, ['default']);
    } else if (!outgoing.includes(fallback)) {
      reporter.report(node.id, `exclusive gateway ${describe(node)}: default flow ${fallback.id} is not one `
        + 'of its outgoing flows', ['default']);
    } else if (fallback.conditionExpression) {
      reporter.report(fallback.id, `default flow ${describe(fallback)} of ${describe(node)} has a condition; `
        + 'a default flow needs none', ['conditionExpression']);
    }
  }
  return { check };
};
