// Small helpers over the bpmn-moddle tree that the rules share.
const { is, isAny } = require('bpmnlint-utils');

/** Containers of flow nodes: processes and every kind of sub-process (transaction, ad-hoc, event). */
function isContainer(element) {
  return isAny(element, ['bpmn:Process', 'bpmn:SubProcess']);
}

/** All processes and sub-processes of a definitions element, outermost first, in document order. */
function containers(definitions) {
  const found = [];
  const visit = (container) => {
    found.push(container);
    for (const element of container.flowElements || []) {
      if (is(element, 'bpmn:SubProcess')) visit(element);
    }
  };
  for (const root of definitions.rootElements || []) {
    if (is(root, 'bpmn:Process')) visit(root);
  }
  return found;
}

/** The flow nodes directly contained in a process or sub-process (boundary events included). */
function flowNodes(container) {
  return (container.flowElements || []).filter((element) => is(element, 'bpmn:FlowNode'));
}

/** Every flow element of a container and its sub-processes, depth first. */
function allFlowElements(container) {
  const found = [];
  for (const element of container.flowElements || []) {
    found.push(element);
    if (is(element, 'bpmn:SubProcess')) found.push(...allFlowElements(element));
  }
  return found;
}

/** The process or sub-process an element is directly contained in. */
function parentContainer(element) {
  let parent = element.$parent;
  while (parent && !isContainer(parent)) parent = parent.$parent;
  return parent;
}

/** Map from a BPMN element's id to its DI elements (shapes, edges) over all diagrams. */
function diagramElements(definitions) {
  const byId = new Map();
  for (const diagram of definitions.diagrams || []) {
    const plane = diagram.plane;
    for (const di of (plane && plane.planeElement) || []) {
      const element = di.bpmnElement;
      if (!element || !element.id) continue;
      if (!byId.has(element.id)) byId.set(element.id, []);
      byId.get(element.id).push(di);
    }
  }
  return byId;
}

/** The definitions element above any element. */
function definitionsOf(element) {
  let current = element;
  while (current && !is(current, 'bpmn:Definitions')) current = current.$parent;
  return current;
}

/** An element's label for messages: id and, when it has one, its name. */
function describe(element) {
  const name = (element.name || '').trim();
  return name ? `${element.id} "${name}"` : element.id;
}

function eventDefinitionOf(event, type) {
  return (event.eventDefinitions || []).find((definition) => is(definition, type));
}

/**
 * A camunda: attribute of an element, whether the linter's moddle knows the camunda descriptors (a property)
 * or not (an unknown attribute in $attrs).
 */
function camundaAttribute(element, name) {
  const attrs = element.$attrs || {};
  if (attrs['camunda:' + name] !== undefined) return attrs['camunda:' + name];
  try {
    const value = element.get('camunda:' + name);
    return value === undefined ? undefined : value;
  } catch (e) {
    return undefined;
  }
}

/**
 * The sequence flows leaving a flow node, from the flows of its container (not from its <outgoing>
 * elements, which a hand-written model may leave out).
 */
function outgoingOf(node) {
  const container = parentContainer(node);
  return ((container && container.flowElements) || [])
    .filter((e) => is(e, 'bpmn:SequenceFlow') && e.sourceRef === node);
}

module.exports = {
  outgoingOf,
  camundaAttribute,
  isContainer, containers, flowNodes, allFlowElements, parentContainer, diagramElements, definitionsOf,
  describe, eventDefinitionOf, is, isAny
};
