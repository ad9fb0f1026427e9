// Every process says in its documentation what it is for, which plan section it implements and who starts it.
const { is, describe } = require('../lib/model');

module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) return;
    const text = (node.documentation || []).map((d) => (d.text || '').trim()).join('');
    if (!text) {
      reporter.report(node.id, `process ${describe(node)} has no documentation: say what it is for, `
        + 'which plan section it implements and who starts it', ['documentation']);
    }
  }
  return { check };
};
