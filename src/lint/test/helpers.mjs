// Shared by the tests: lint a BPMN text with bpmnlint's API, build small models.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { readModel } from '../lib/moddle.mjs';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

/** The reports of a bpmnlint configuration (an .rc file name or an object) as [rule, id, message]. */
export async function lint(xml, config) {
  const rc = typeof config === 'string' ? JSON.parse(fs.readFileSync(new URL(`../${config}`, import.meta.url))) : config;
  const { definitions } = await readModel('bpmn', xml);
  const linter = new Linter({ config: { ...rc, moddleExtensions: undefined }, resolver: new NodeResolver() });
  const results = await linter.lint(definitions);
  const out = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      if (r.category === 'error' || r.category === 'rule-error') out.push([rule, r.id, r.message]);
    }
  }
  return out;
}

/** A definitions element around process content (camunda and DI namespaces declared). */
export function model(content, { id = 'test-process', name = '测试', documentation = '测试流程', extra = '' } = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Test" targetNamespace="http://bpmn.io/schema/bpmn">
  ${extra}
  <bpmn:process id="${id}" name="${name}" isExecutable="true">
    ${documentation ? `<bpmn:documentation>${documentation}</bpmn:documentation>` : ''}
    ${content}
  </bpmn:process>
</bpmn:definitions>
`;
}

/** A chain start → n tasks → end, with the sequence flows. */
export function chain(n, prefix = 'T') {
  const parts = ['<bpmn:startEvent id="Start" />'];
  let previous = 'Start';
  for (let i = 1; i <= n; i++) {
    parts.push(`<bpmn:task id="${prefix}${i}" name="任务${i}" />`);
    parts.push(`<bpmn:sequenceFlow id="F_${previous}_${prefix}${i}" sourceRef="${previous}" targetRef="${prefix}${i}" />`);
    previous = `${prefix}${i}`;
  }
  parts.push('<bpmn:endEvent id="End" />');
  parts.push(`<bpmn:sequenceFlow id="F_${previous}_End" sourceRef="${previous}" targetRef="End" />`);
  return parts.join('\n    ');
}

export const PROCESSES = new URL('../../../processes/', import.meta.url).pathname;

export function processFiles(ext) {
  return fs.readdirSync(PROCESSES).filter((f) => f.endsWith(ext)).sort().map((f) => PROCESSES + f);
}
