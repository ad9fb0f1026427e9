// The order in which Camunda Modeler (bpmn-js) writes the shapes and edges of a diagram. On save, bpmn-js'
// BpmnDiOrdering rewrites every plane's elements in the order of its canvas tree, and that tree is built by
// the import (BpmnTreeWalker, BpmnImporter): flow nodes in document order, each expanded sub-process followed
// by its content; boundary events and sequence flows deferred (boundary events in reverse order before the
// flows); lanes deferred too and inserted in front of their participant's children. This module repeats that
// walk over the moddle tree, so that the files this tooling writes are what a Modeler save writes.

function is(element, type) {
  return element && typeof element.$instanceOf === 'function' && element.$instanceOf(type);
}

function orderPlane(definitions, plane) {
  const diOf = new Map();
  for (const di of plane.planeElement || []) {
    if (di.bpmnElement && !diOf.has(di.bpmnElement)) diOf.set(di.bpmnElement, di);
  }
  const root = plane.bpmnElement;
  const children = new Map([[root, []]]);
  const handled = new Set();
  const deferred = [];

  const visitIfDi = (element, parent, index) => {
    if (!diOf.has(element)) return null;
    if (!children.has(parent)) children.set(parent, []);
    const list = children.get(parent);
    if (index === undefined) list.push(element);
    else list.splice(index, 0, element);
    if (!children.has(element)) children.set(element, []);
    return element;
  };

  const handleArtifacts = (artifacts, ctx) => {
    for (const a of artifacts || []) {
      if (is(a, 'bpmn:Association')) deferred.push(() => visitIfDi(a, ctx));
      else visitIfDi(a, ctx);
    }
  };
  const handleIoSpecification = (io, ctx) => {
    if (!io) return;
    for (const d of io.dataInputs || []) visitIfDi(d, ctx);
    for (const d of io.dataOutputs || []) visitIfDi(d, ctx);
  };
  const handleLaneSet = (laneSet, ctx) => {
    for (const lane of laneSet.lanes || []) {
      deferred.push(() => {
        const next = visitIfDi(lane, ctx, 0);
        if (lane.childLaneSet) handleLaneSet(lane.childLaneSet, next || ctx);
      });
    }
  };
  const handleFlowNode = (node, ctx) => {
    const child = visitIfDi(node, ctx);
    if (is(node, 'bpmn:SubProcess')) handleContainer(node, child || ctx, true);
    if (is(node, 'bpmn:Activity')) handleIoSpecification(node.ioSpecification, ctx);
    deferred.push(() => {
      for (const a of [...(node.dataInputAssociations || []), ...(node.dataOutputAssociations || [])]) {
        visitIfDi(a, root);
      }
    });
  };
  const handleFlowElements = (elements, ctx) => {
    for (const element of elements || []) {
      if (is(element, 'bpmn:SequenceFlow')) deferred.push(() => visitIfDi(element, ctx));
      else if (is(element, 'bpmn:BoundaryEvent')) deferred.unshift(() => handleFlowNode(element, ctx));
      else if (is(element, 'bpmn:FlowNode')) handleFlowNode(element, ctx);
      else if (is(element, 'bpmn:DataStoreReference') || is(element, 'bpmn:DataObjectReference')) {
        visitIfDi(element, ctx);
      }
    }
  };
  function handleContainer(container, ctx, subProcess) {
    handleFlowElements(container.flowElements, ctx);
    for (const laneSet of container.laneSets || []) handleLaneSet(laneSet, ctx);
    if (!subProcess) handleIoSpecification(container.ioSpecification, ctx);
    handleArtifacts(container.artifacts, ctx);
    handled.add(container);
  }
  const handleProcess = (process, ctx) => handleContainer(process, ctx, false);

  if (is(root, 'bpmn:Process')) {
    handleProcess(root, root);
  } else if (is(root, 'bpmn:SubProcess')) {
    handleContainer(root, root, true);
  } else if (is(root, 'bpmn:Collaboration')) {
    for (const participant of root.participants || []) {
      const ctx = visitIfDi(participant, root);
      if (participant.processRef) handleProcess(participant.processRef, ctx || root);
    }
    deferred.push(() => {
      for (const flow of root.messageFlows || []) visitIfDi(flow, root);
    });
    handleArtifacts(root.artifacts, root);
    for (const process of (definitions.rootElements || []).filter((e) => is(e, 'bpmn:Process'))) {
      if (!handled.has(process) && process.laneSets) handleProcess(process, root);
    }
  } else {
    return null;
  }
  while (deferred.length) deferred.shift()();

  const ordered = [];
  const seen = new Set();
  const walk = (parent) => {
    for (const element of children.get(parent) || []) {
      if (seen.has(element)) continue;
      seen.add(element);
      ordered.push(diOf.get(element));
      walk(element);
    }
  };
  walk(root);
  // what the walk did not reach (Modeler would drop it on save): kept at the end
  const rest = (plane.planeElement || []).filter((di) => !ordered.includes(di));
  return { ordered: [...ordered, ...rest], unreached: rest };
}

/**
 * Puts the shapes and edges of every diagram in the order a Modeler save writes them. Returns the ids of DI
 * elements Modeler would not draw (and would drop on save).
 */
export function orderDi(definitions) {
  const unreached = [];
  for (const diagram of definitions.diagrams || []) {
    const plane = diagram.plane;
    if (!plane || !plane.bpmnElement) continue;
    const result = orderPlane(definitions, plane);
    if (!result) continue;
    plane.set('planeElement', result.ordered);
    unreached.push(...result.unreached.map((di) => di.id || (di.bpmnElement && di.bpmnElement.id)));
  }
  return unreached;
}
