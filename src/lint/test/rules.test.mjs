// The analyst rules (bpmnlint-plugin-analyst) on small models.
import test from 'node:test';
import assert from 'node:assert/strict';
import { lint, model, chain } from './helpers.mjs';

const only = (rule) => ({ rules: { [`analyst/${rule}`]: 'error' } });
const ids = (reports) => reports.map(([, id]) => id);

test('max-flow-nodes: 45 flow nodes at a level pass, 46 fail, and the message names the level', async () => {
  assert.deepEqual(await lint(model(chain(43)), only('max-flow-nodes')), []);
  const reports = await lint(model(chain(44)), only('max-flow-nodes'));
  assert.equal(reports.length, 1);
  assert.equal(reports[0][1], 'test-process');
  assert.match(reports[0][2], /46 flow nodes/);
});

test('max-flow-nodes: boundary events count at their level, a sub-process content at its own', async () => {
  const boundaries = [1, 2].map((i) => `<bpmn:boundaryEvent id="B${i}" attachedToRef="T1" cancelActivity="false">
      <bpmn:timerEventDefinition /></bpmn:boundaryEvent>`).join('\n');
  assert.equal((await lint(model(chain(42) + boundaries), only('max-flow-nodes'))).length, 1);
  const sub = `<bpmn:subProcess id="Sub">${chain(44, 'S').replace(/id="(Start|End)"/g, 'id="Sub$1"')
    .replace(/(sourceRef|targetRef)="(Start|End)"/g, '$1="Sub$2"').replace(/id="F_/g, 'id="SF_')}</bpmn:subProcess>`;
  const reports = await lint(model(chain(1) + sub), only('max-flow-nodes'));
  assert.deepEqual(ids(reports), ['Sub']);
});

function escalation(i) {
  return `<bpmn:userTask id="U${i}" name="办理${i}" />
    <bpmn:boundaryEvent id="Timer${i}" name="超时未办" attachedToRef="U${i}" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:serviceTask id="Escalate${i}" name="上报上级督办" camunda:delegateExpression="\${escalateTask}" />
    <bpmn:endEvent id="Escalated${i}" />
    <bpmn:sequenceFlow id="FT${i}" sourceRef="Timer${i}" targetRef="Escalate${i}" />
    <bpmn:sequenceFlow id="FE${i}" sourceRef="Escalate${i}" targetRef="Escalated${i}" />`;
}

test('max-escalation-drawings: three drawings pass, four fail, each drawing reported', async () => {
  const three = [1, 2, 3].map(escalation).join('\n');
  assert.deepEqual(await lint(model(three), only('max-escalation-drawings')), []);
  const four = [1, 2, 3, 4].map(escalation).join('\n');
  const reports = await lint(model(four), only('max-escalation-drawings'));
  assert.deepEqual(ids(reports).sort(), ['Timer1', 'Timer2', 'Timer3', 'Timer4']);
  assert.match(reports[0][2], /escalation drawn 4 times/);
});

test('max-escalation-drawings: an interrupting timer and a reminder do not count; a bare escalation task does', async () => {
  const content = `${escalation(1)}
    <bpmn:boundaryEvent id="Reminder" attachedToRef="U1" cancelActivity="false"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
    <bpmn:serviceTask id="Remind" name="提醒" /><bpmn:sequenceFlow id="FR" sourceRef="Reminder" targetRef="Remind" />
    <bpmn:boundaryEvent id="Deadline" attachedToRef="U1"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
    <bpmn:serviceTask id="Escalate9" camunda:delegateExpression="\${escalateTask}" />
    <bpmn:sequenceFlow id="FD" sourceRef="Deadline" targetRef="Escalate9" />`;
  const reports = await lint(model(content), { rules: { 'analyst/max-escalation-drawings': ['error', { max: 1 }] } });
  assert.deepEqual(ids(reports).sort(), ['Escalate9', 'Timer1']);
});

test('max-escalation-drawings: an event sub-process with a non-interrupting timer start is one drawing', async () => {
  const content = `${chain(1)}
    <bpmn:subProcess id="Escalation" triggeredByEvent="true">
      <bpmn:startEvent id="EscStart" isInterrupting="false"><bpmn:timerEventDefinition /></bpmn:startEvent>
      <bpmn:serviceTask id="Esc" camunda:delegateExpression="\${escalateTask}" />
      <bpmn:sequenceFlow id="FEsc" sourceRef="EscStart" targetRef="Esc" />
    </bpmn:subProcess>`;
  const reports = await lint(model(content), { rules: { 'analyst/max-escalation-drawings': ['error', { max: 0 }] } });
  assert.deepEqual(ids(reports), ['EscStart']);
});

const userTask = (id, group) => `<bpmn:userTask id="${id}" name="${id}" camunda:candidateGroups="${group}" />`;

test('lanes: an issuance process or one with several unit types needs lanes; then every node is in one', async () => {
  const tasks = `<bpmn:startEvent id="S" />${userTask('V', '${villageGroup}')}${userTask('C', 'district-card-office')}
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="V" /><bpmn:sequenceFlow id="F2" sourceRef="V" targetRef="C" />`;
  assert.deepEqual(ids(await lint(model(tasks), only('lanes'))), ['test-process']);
  assert.deepEqual(ids(await lint(model(`${userTask('V', '${villageGroup}')}`, { id: 'individual-issuance' }),
    only('lanes'))), ['individual-issuance']);
  assert.deepEqual(await lint(model(userTask('V', '${villageGroup}')), only('lanes')), []);

  const lanes = (refs) => `<bpmn:laneSet id="LS">
      <bpmn:lane id="L1" name="村居委">${refs[0].map((r) => `<bpmn:flowNodeRef>${r}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>
      <bpmn:lane id="L2" name="区卡办">${refs[1].map((r) => `<bpmn:flowNodeRef>${r}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>
    </bpmn:laneSet>`;
  assert.deepEqual(await lint(model(lanes([['S', 'V'], ['C']]) + tasks), only('lanes')), []);
  assert.deepEqual(ids(await lint(model(lanes([['V'], ['C']]) + tasks), only('lanes'))), ['S']);
  assert.deepEqual(ids(await lint(model(lanes([['S', 'V', 'C'], []]) + tasks), only('lanes'))), ['L1']);
});

test('label-bounds: a named gateway without a label position is reported, a laid-out one is not', async () => {
  const xml = model(`<bpmn:startEvent id="S" /><bpmn:exclusiveGateway id="G" name="是否？" />
    <bpmn:sequenceFlow id="F" sourceRef="S" targetRef="G" />`, {
    extra: ''
  }).replace('</bpmn:definitions>', `<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="test-process">
    <bpmndi:BPMNShape id="S_di" bpmnElement="S"><dc:Bounds x="0" y="0" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="G_di" bpmnElement="G"><dc:Bounds x="100" y="0" width="50" height="50" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F_di" bpmnElement="F"><di:waypoint x="36" y="18" /><di:waypoint x="100" y="18" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>`);
  assert.deepEqual(ids(await lint(xml, only('label-bounds'))), ['G']);
  const labelled = xml.replace('<dc:Bounds x="100" y="0" width="50" height="50" /></bpmndi:BPMNShape>',
    '<dc:Bounds x="100" y="0" width="50" height="50" /><bpmndi:BPMNLabel><dc:Bounds x="100" y="53" width="33" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>');
  assert.deepEqual(await lint(labelled, only('label-bounds')), []);
});

test('process-documentation: a process without documentation is reported', async () => {
  assert.deepEqual(ids(await lint(model(chain(1), { documentation: '' }), only('process-documentation'))),
    ['test-process']);
  assert.deepEqual(await lint(model(chain(1)), only('process-documentation')), []);
});

test('gateway-default-flow: a split without default flow, a default flow with a condition', async () => {
  const split = (def, condition) => `<bpmn:startEvent id="S" />
    <bpmn:exclusiveGateway id="G" ${def ? 'default="F2"' : ''} />
    <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />
    <bpmn:sequenceFlow id="F0" sourceRef="S" targetRef="G" />
    <bpmn:sequenceFlow id="F1" sourceRef="G" targetRef="E1"><bpmn:conditionExpression>\${a}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="E2">${condition ? '<bpmn:conditionExpression>${b}</bpmn:conditionExpression>' : ''}</bpmn:sequenceFlow>`;
  assert.deepEqual(ids(await lint(model(split(false, false)), only('gateway-default-flow'))), ['G']);
  assert.deepEqual(ids(await lint(model(split(true, true)), only('gateway-default-flow'))), ['F2']);
  assert.deepEqual(await lint(model(split(true, false)), only('gateway-default-flow')), []);
});
