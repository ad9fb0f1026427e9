// A first proposal of lanes for a process without any: one lane per unit type of its user tasks, the other
// flow nodes in the lane of the step before them (layout --add-lanes). A starting point for the modeller, who
// checks and moves nodes; the unit types come from the candidate groups as in the analyst lint rule `lanes`,
// the lanes stacked in the organisation's order, starting at the end where the process starts.
import { createRequire } from 'node:module';
import { is } from './layout.mjs';

const require = createRequire(import.meta.url);

/** The unit types in lane order (shared with the lint rule `lanes`). */
export const UNIT_TYPES = require('../bpmnlint-plugin-analyst/lib/unit-types.js')
  .map((t) => ({ ...t, pattern: new RegExp(t.pattern, 'i') }));

function camunda(element, name) {
  const attrs = element.$attrs || {};
  if (attrs[`camunda:${name}`] !== undefined) return attrs[`camunda:${name}`];
  try {
    return element.get(`camunda:${name}`);
  } catch (e) {
    return undefined;
  }
}

export function unitTypeOf(task) {
  const text = [camunda(task, 'candidateGroups'), camunda(task, 'assignee')].filter(Boolean).join(' ');
  return UNIT_TYPES.find((t) => t.pattern.test(text)) || null;
}

function userTasksIn(element) {
  if (is(element, 'bpmn:UserTask')) return [element];
  if (is(element, 'bpmn:SubProcess')) return (element.flowElements || []).flatMap(userTasksIn);
  return [];
}

/**
 * Adds a lane set to a process that has none when its user tasks belong to at least `minTypes` unit types.
 * Returns the lanes made (none when the process has lanes already or too few unit types).
 */
export function addLanes(moddle, process, minTypes = 2) {
  if ((process.laneSets || []).some((s) => (s.lanes || []).length)) return [];
  const nodes = (process.flowElements || []).filter((e) => is(e, 'bpmn:FlowNode'));
  const typeOf = new Map();
  for (const node of nodes) {
    const types = userTasksIn(node).map(unitTypeOf).filter(Boolean);
    if (types.length) typeOf.set(node, types[0]);
  }
  const used = UNIT_TYPES.filter((t) => [...typeOf.values()].includes(t));
  if (used.length < minTypes) return [];

  const flows = (process.flowElements || []).filter((e) => is(e, 'bpmn:SequenceFlow'));
  const source = (f) => (is(f.sourceRef, 'bpmn:BoundaryEvent') ? f.sourceRef.attachedToRef : f.sourceRef);
  // forward: the lane of the first (document order) predecessor that has one; then backward; repeat
  for (let changed = true; changed;) {
    changed = false;
    for (const node of nodes) {
      if (typeOf.has(node) || is(node, 'bpmn:BoundaryEvent')) continue;
      const before = flows.filter((f) => f.targetRef === node).map(source).find((n) => typeOf.has(n));
      if (before) {
        typeOf.set(node, typeOf.get(before));
        changed = true;
      }
    }
    if (changed) continue;
    for (const node of nodes) {
      if (typeOf.has(node) || is(node, 'bpmn:BoundaryEvent')) continue;
      const after = flows.filter((f) => source(f) === node).map((f) => f.targetRef).find((n) => typeOf.has(n));
      if (after) {
        typeOf.set(node, typeOf.get(after));
        changed = true;
        break;
      }
    }
  }
  for (const node of nodes) {
    if (is(node, 'bpmn:BoundaryEvent') && typeOf.has(node.attachedToRef)) typeOf.set(node, typeOf.get(node.attachedToRef));
    if (!typeOf.has(node)) typeOf.set(node, used[0]);
  }

  // lanes top to bottom in the order of the organisation (village … card office … institution), turned round
  // when the process starts in the lower half (a collective batch starts at the institution)
  const start = nodes.find((n) => is(n, 'bpmn:StartEvent'));
  const ordered = start && used.indexOf(typeOf.get(start)) > (used.length - 1) / 2 ? [...used].reverse() : used;

  const laneSet = moddle.create('bpmn:LaneSet', { id: `LaneSet_${process.id}`, lanes: [] });
  laneSet.$parent = process;
  const lanes = ordered.map((type) => {
    const lane = moddle.create('bpmn:Lane', {
      id: type.id, name: type.name, flowNodeRef: nodes.filter((n) => typeOf.get(n) === type)
    });
    lane.$parent = laneSet;
    return lane;
  });
  laneSet.set('lanes', lanes);
  process.set('laneSets', [laneSet]);
  return lanes;
}
