// Escalation is drawn at most `max` (default 3) times per file: it should be one mechanism, drawn once (for
// example a non-interrupting timer event sub-process) and configured in deadlines.dmn / escalation-targets.dmn.
//
// An escalation action is a flow node that calls the escalation: its camunda:delegateExpression,
// camunda:expression or camunda:class mentions `escalateTask` (configurable: `delegate`), or its name matches
// 上报…督办 (configurable: `namePattern`), or it is a call activity whose calledElement matches /escalat/i.
// A drawing of the escalation is
//   - a non-interrupting timer (a boundary timer with cancelActivity="false", or the timer start event of an
//     event sub-process with isInterrupting="false") from which an escalation action is reached along at most
//     `depth` (default 3) sequence flows, and
//   - every escalation action that no such timer reaches (it is drawn as well, whatever leads to it).
// The count is per file (over all processes and sub-processes). Each drawing is reported when there are more
// than `max`.
const { is, definitionsOf, allFlowElements, eventDefinitionOf, camundaAttribute, describe, outgoingOf }
  = require('../lib/model');

module.exports = function(config = {}) {
  const max = config.max === undefined ? 3 : config.max;
  const depth = config.depth || 3;
  const delegate = config.delegate || 'escalateTask';
  const namePattern = new RegExp(config.namePattern || '上报.*督办');

  function isEscalationAction(element) {
    if (!is(element, 'bpmn:FlowNode') || is(element, 'bpmn:Event')) return false;
    if (['delegateExpression', 'expression', 'class']
      .some((name) => (camundaAttribute(element, name) || '').includes(delegate))) return true;
    if (is(element, 'bpmn:CallActivity') && /escalat/i.test(element.calledElement || '')) return true;
    return namePattern.test(element.name || '');
  }

  function isNonInterruptingTimer(element) {
    if (!eventDefinitionOf(element, 'bpmn:TimerEventDefinition')) return false;
    if (is(element, 'bpmn:BoundaryEvent')) return element.cancelActivity === false;
    if (is(element, 'bpmn:StartEvent')) {
      const parent = element.$parent;
      return is(parent, 'bpmn:SubProcess') && parent.triggeredByEvent && element.isInterrupting === false;
    }
    return false;
  }

  /** The escalation actions reached from a node along at most `depth` sequence flows. */
  function reachedActions(start) {
    const found = [];
    let frontier = [start];
    const seen = new Set([start]);
    for (let step = 0; step < depth && frontier.length; step++) {
      const next = [];
      for (const node of frontier) {
        for (const flow of outgoingOf(node)) {
          const target = flow.targetRef;
          if (!target || seen.has(target)) continue;
          seen.add(target);
          if (isEscalationAction(target)) found.push(target);
          next.push(target);
        }
      }
      frontier = next;
    }
    return found;
  }

  function check(node, reporter) {
    if (!is(node, 'bpmn:Definitions') || definitionsOf(node) !== node) return;
    const elements = [];
    for (const root of node.rootElements || []) {
      if (is(root, 'bpmn:Process')) elements.push(...allFlowElements(root));
    }
    const drawings = [];
    const reached = new Set();
    for (const element of elements) {
      if (!isNonInterruptingTimer(element)) continue;
      const actions = reachedActions(element);
      if (actions.length) {
        actions.forEach((a) => reached.add(a));
        drawings.push({ element, text: `${describe(element)} → ${actions.map((a) => a.id).join(', ')}` });
      }
    }
    for (const element of elements) {
      if (isEscalationAction(element) && !reached.has(element)) {
        drawings.push({ element, text: `${describe(element)} (escalation action)` });
      }
    }
    if (drawings.length > max) {
      for (const drawing of drawings) {
        reporter.report(drawing.element.id, `escalation drawn ${drawings.length} times in this file, at most `
          + `${max}: ${drawing.text}; draw it once (e.g. an event sub-process) and configure it in the DMN tables`);
      }
    }
  }

  return { check };
};
