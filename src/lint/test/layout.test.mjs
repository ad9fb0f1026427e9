// The layout on copies of the current models (their diagrams thrown away) and on a hand-written model.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { layoutXml } from '../layout.mjs';
import { readModel, lineChange, roundTrip } from '../lib/moddle.mjs';
import { lint, model, processFiles } from './helpers.mjs';

const files = processFiles('.bpmn');

function stripDi(xml) {
  return xml.replace(/<(bpmndi:)?BPMNDiagram[\s\S]*<\/(bpmndi:)?BPMNDiagram>\s*/g, '');
}

for (const file of files) {
  const name = file.split('/').pop();
  test(`layout of ${name}: deterministic, stable, lint-clean, labels placed, no overlapping shapes`, async () => {
    const source = stripDi(fs.readFileSync(file, 'utf8'));
    const first = await layoutXml(source, { addLanes: true });
    const second = await layoutXml(source, { addLanes: true });
    assert.equal(first.xml, second.xml, 'same input, same output');
    assert.equal((await layoutXml(first.xml, {})).xml, first.xml, 'laying out its own output changes nothing');
    assert.equal((await roundTrip(file, first.xml)).xml, first.xml, 'already in Modeler serialisation');

    assert.deepEqual(await lint(first.xml, '.bpmnlintrc'), [], 'the build lint passes');
    const analyst = await lint(first.xml, {
      rules: { 'analyst/label-bounds': 'error', 'analyst/lanes': 'error', 'bpmnlint/no-bpmndi': 'error' }
    });
    assert.deepEqual(analyst, []);

    const { definitions } = await readModel('bpmn', first.xml);
    for (const diagram of definitions.diagrams) {
      const shapes = diagram.plane.planeElement.filter((di) => di.$type === 'bpmndi:BPMNShape'
        && /Task|Event|Gateway|CallActivity/.test(di.bpmnElement.$type));
      for (const s of shapes) {
        const { width, height } = s.bounds;
        const type = s.bpmnElement.$type;
        if (type.endsWith('Event')) assert.deepEqual([width, height], [36, 36], s.id);
        else if (type.endsWith('Gateway')) assert.deepEqual([width, height], [50, 50], s.id);
        else assert.deepEqual([width, height], [100, 80], s.id);
      }
      const nodes = shapes.filter((s) => s.bpmnElement.$type !== 'bpmn:BoundaryEvent');
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i].bounds;
          const b = nodes[j].bounds;
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          assert.ok(!overlap, `${nodes[i].id} overlaps ${nodes[j].id}`);
        }
      }
    }
  });
}

test('a hand-written model without diagram and without <incoming>/<outgoing> gets both', async () => {
  const xml = model(`<bpmn:startEvent id="S" name="开始" />
    <bpmn:exclusiveGateway id="G" name="是否同意？" default="No" />
    <bpmn:task id="A" name="办理" /><bpmn:endEvent id="E1" name="已办结" /><bpmn:endEvent id="E2" name="未同意" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="G" />
    <bpmn:sequenceFlow id="Yes" name="同意" sourceRef="G" targetRef="A"><bpmn:conditionExpression>\${ok}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="No" name="不同意" sourceRef="G" targetRef="E2" />
    <bpmn:sequenceFlow id="F3" sourceRef="A" targetRef="E1" />`);
  const { xml: out } = await layoutXml(xml, {});
  assert.match(out, /<bpmn:outgoing>Yes<\/bpmn:outgoing>/);
  assert.match(out, /<bpmndi:BPMNEdge id="No_di" bpmnElement="No">/);
  assert.deepEqual(await lint(out, '.bpmnlintrc'), []);
  assert.deepEqual(await lint(out, '.bpmnlintrc.analyst'), []);
});

test('a collapsed sub-process gets a diagram of its own (drill-down), an expanded one is drawn around its content', async () => {
  const file = files.find((f) => f.endsWith('collective-issuance.bpmn'));
  const source = stripDi(fs.readFileSync(file, 'utf8'));
  const collapsed = await layoutXml(source, { collapse: ['SubProcess_Submission'] });
  assert.match(collapsed.xml, /<bpmndi:BPMNPlane id="BPMNPlane_SubProcess_Submission" bpmnElement="SubProcess_Submission">/);
  const expanded = await layoutXml(source, { expand: ['SubProcess_Submission'] });
  assert.match(expanded.xml, /bpmnElement="SubProcess_Submission" isExpanded="true"/);
  assert.doesNotMatch(expanded.xml, /BPMNPlane_SubProcess_Submission/);
});

test('lineChange counts the lines a rewrite removes or adds', () => {
  assert.deepEqual(lineChange('a\nb\nc\n', 'a\nB\nc\n'), { lines: 3, removed: 1, added: 1, share: 1 / 3 });
  assert.equal(lineChange('a\nb\n', 'a\nb\n').share, 0);
});
