// Every named event, gateway and sequence flow has a label position in the diagram: its BPMNShape or
// BPMNEdge carries a BPMNLabel with dc:Bounds. Without it Modeler and Cockpit place the label themselves,
// over shapes and lines.
const { is, isAny, allFlowElements, diagramElements, describe } = require('../lib/model');

module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions')) return;
    const di = diagramElements(node);
    for (const root of node.rootElements || []) {
      if (!is(root, 'bpmn:Process')) continue;
      for (const element of allFlowElements(root)) {
        if (!isAny(element, ['bpmn:Event', 'bpmn:Gateway', 'bpmn:SequenceFlow'])) continue;
        if (!(element.name || '').trim()) continue;
        const shapes = di.get(element.id) || [];
        const kind = is(element, 'bpmn:SequenceFlow') ? 'BPMNEdge' : 'BPMNShape';
        if (shapes.length === 0) {
          reporter.report(element.id, `named ${describe(element)} has no ${kind} in any diagram`);
        } else if (!shapes.some((s) => s.label && s.label.bounds)) {
          reporter.report(element.id, `named ${describe(element)}: its ${kind} has no `
            + 'BPMNLabel with bounds (label position)');
        }
      }
    }
  }
  return { check };
};
