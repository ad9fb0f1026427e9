// At most `max` (default 45) flow nodes directly in a process or in any sub-process. Counted: every
// bpmn:FlowNode that is a direct child of the container (events, boundary events included, tasks, gateways,
// sub-processes and call activities, each one node); not counted: sequence flows, data objects, annotations,
// and the content of a sub-process, which counts at its own level.
const { is, isContainer, flowNodes, describe } = require('../lib/model');

module.exports = function(config = {}) {
  const max = config.max || 45;

  function check(node, reporter) {
    if (!isContainer(node)) return;
    const nodes = flowNodes(node);
    if (nodes.length > max) {
      const boundary = nodes.filter((n) => is(n, 'bpmn:BoundaryEvent')).length;
      const level = is(node, 'bpmn:Process') ? 'process' : 'sub-process';
      reporter.report(node.id, `${level} ${describe(node)} has ${nodes.length} flow nodes at its level `
        + `(${boundary} of them boundary events), at most ${max}: move stages into sub-processes or call activities`);
    }
  }

  return { check };
};
