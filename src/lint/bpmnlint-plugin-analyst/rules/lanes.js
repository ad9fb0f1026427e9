// Lanes where several kinds of unit work in one process: the processes named in `processes` (default
// individual-issuance and collective-issuance) and every process whose user tasks (at any level) belong to at
// least two unit types need a lane set, and then every flow node directly in the process sits in exactly one
// lane (a lane's flowNodeRef elements; a boundary event not listed counts as in its host's lane; the content of a
// sub-process is drawn inside the sub-process and is not checked). A lane must not hold user tasks of
// several unit types.
//
// A user task's unit type comes from its camunda:candidateGroups (or camunda:assignee) text, matched against
// `unitTypes` (pattern → name), by default:
//   village → 村居委, town → 镇街, affairs → 区政务办, card-office / cardOffice → 区卡办,
//   department → 职能部门, institution → 单位, leader → 领导小组.
// (lib/unit-types.js; `unitTypes` in the rule's configuration replaces it). Candidate groups that match none
// (e.g. ${receiverGroup}) have no known unit type and are ignored.
const { is, allFlowElements, flowNodes, camundaAttribute, describe } = require('../lib/model');

const UNIT_TYPES = require('../lib/unit-types');

module.exports = function(config = {}) {
  const processes = config.processes || ['individual-issuance', 'collective-issuance'];
  const unitTypes = config.unitTypes
    ? Object.entries(config.unitTypes).map(([pattern, name]) => [new RegExp(pattern, 'i'), name])
    : UNIT_TYPES.map((t) => [new RegExp(t.pattern, 'i'), t.name]);

  function unitTypeOf(task) {
    const text = [camundaAttribute(task, 'candidateGroups'), camundaAttribute(task, 'assignee')]
      .filter(Boolean).join(' ');
    const found = unitTypes.find(([pattern]) => pattern.test(text));
    return found ? found[1] : null;
  }

  function leafLanes(laneSet) {
    const lanes = [];
    for (const lane of (laneSet && laneSet.lanes) || []) {
      if (lane.childLaneSet && (lane.childLaneSet.lanes || []).length) lanes.push(...leafLanes(lane.childLaneSet));
      else lanes.push(lane);
    }
    return lanes;
  }

  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) return;
    const types = new Set(allFlowElements(node).filter((e) => is(e, 'bpmn:UserTask')).map(unitTypeOf)
      .filter(Boolean));
    const required = processes.includes(node.id) || types.size >= 2;
    const lanes = (node.laneSets || []).flatMap(leafLanes);
    if (!required && lanes.length === 0) return;
    if (lanes.length === 0) {
      const why = processes.includes(node.id) ? 'an issuance process' : 'its user tasks belong to several unit types';
      reporter.report(node.id, `process ${describe(node)} has no lanes, but ${why} (${[...types].join(', ')}): `
        + 'draw one lane per unit type', ['laneSets']);
      return;
    }
    const laneOf = new Map();
    for (const lane of lanes) {
      for (const ref of lane.flowNodeRef || []) {
        if (!laneOf.has(ref)) laneOf.set(ref, []);
        laneOf.get(ref).push(lane);
      }
    }
    for (const element of flowNodes(node)) {
      const inLanes = laneOf.get(element) || [];
      if (inLanes.length > 1) {
        reporter.report(element.id, `${describe(element)} is in several lanes: ${inLanes.map((l) => l.id).join(', ')}`);
      } else if (inLanes.length === 0
        && !(is(element, 'bpmn:BoundaryEvent') && element.attachedToRef && laneOf.has(element.attachedToRef))) {
        reporter.report(element.id, `${describe(element)} is in no lane of process ${node.id}`);
      }
    }
    for (const lane of lanes) {
      const laneTypes = new Set((lane.flowNodeRef || []).filter((e) => is(e, 'bpmn:UserTask')).map(unitTypeOf)
        .filter(Boolean));
      if (laneTypes.size > 1) {
        reporter.report(lane.id, `lane ${describe(lane)} holds user tasks of several unit types `
          + `(${[...laneTypes].join(', ')}): one lane per unit type`);
      }
    }
  }

  return { check };
};
