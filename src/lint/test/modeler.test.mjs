// What this tooling writes is what Camunda Modeler writes: the formatted and the laid-out models, opened in
// the bpmn-js / dmn-js modelers (with the Camunda descriptors, in Debian's Chromium) and saved, come back
// unchanged. (Camunda Modeler adds only its exporter attributes to the definitions line.)
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { roundTrip, readModel, writeModel } from '../lib/moddle.mjs';
import { layoutXml } from '../layout.mjs';
import { processFiles } from './helpers.mjs';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function withModelers(fn) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<div id="c" style="width:1200px;height:800px"></div>');
    await page.addScriptTag({ path: require.resolve('bpmn-js/dist/bpmn-modeler.production.min.js') });
    await page.evaluate(() => { window.BpmnModeler = window.BpmnJS; });
    await page.addScriptTag({ path: require.resolve('dmn-js/dist/dmn-modeler.production.min.js') });
    const descriptors = {
      bpmn: JSON.parse(fs.readFileSync(require.resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8')),
      dmn: JSON.parse(fs.readFileSync(require.resolve('camunda-dmn-moddle/resources/camunda.json'), 'utf8'))
    };
    const save = (kind, xml) => page.evaluate(async ([k, text, camunda]) => {
      const modeler = k === 'bpmn'
        ? new window.BpmnModeler({ container: '#c', moddleExtensions: { camunda } })
        : new window.DmnJS({ container: '#c', common: { moddleExtensions: { camunda } } });
      const { warnings } = await modeler.importXML(text);
      const { xml: saved } = await modeler.saveXML({ format: true });
      modeler.destroy();
      return { saved, warnings: warnings.map((w) => w.message) };
    }, [kind, xml, descriptors[kind]]);
    await fn(save);
  } finally {
    await browser.close();
  }
}

const normalise = (xml) => (xml.endsWith('\n') ? xml : `${xml}\n`);

test('formatted and laid-out models come back unchanged from a save in bpmn-js and dmn-js',
  { skip: !fs.existsSync(CHROMIUM) && `no ${CHROMIUM}` }, async () => {
    await withModelers(async (save) => {
      for (const file of processFiles('.bpmn')) {
        const text = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->\s*/g, '');
        const formatted = (await roundTrip(file, text)).xml;
        const saved = await save('bpmn', formatted);
        assert.deepEqual(saved.warnings, [], file);
        assert.equal(normalise(saved.saved), formatted, `${file} formatted`);
        const laidOut = (await layoutXml(formatted, { addLanes: true, collapse: ['SubProcess_Submission'] })).xml;
        assert.equal(normalise((await save('bpmn', laidOut)).saved), laidOut, `${file} laid out`);
      }
      for (const file of processFiles('.dmn')) {
        const text = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->\s*/g, '');
        const { moddle, definitions } = await readModel('dmn', text);
        const formatted = await writeModel(moddle, definitions);
        const saved = await save('dmn', formatted);
        assert.deepEqual(saved.warnings, [], file);
        assert.equal(normalise(saved.saved), formatted, `${file} formatted`);
      }
    });
  });
