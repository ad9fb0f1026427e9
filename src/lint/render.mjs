// Draws every diagram of the models as PNG with bpmn-js and dmn-js (their viewers) in headless Chromium
// (Debian's /usr/bin/chromium, never a downloaded browser): one PNG per BPMN diagram (the process and every
// collapsed sub-process's drill-down) and one per DMN decision table, plus an index.html listing them.
//
//   node render.mjs [--out <dir>] [--scale 1.5] [--chromium /usr/bin/chromium] [files...]
//
// Default: every processes/*.bpmn and *.dmn into ../../target/diagrams. Names: <file>.png for a file's main
// diagram, <file>.<sub-process id>.png for a drill-down, <file>.<decision id>.png for a decision table.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { modelFiles, kindOf } from './lib/moddle.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(new URL(import.meta.url).pathname);

function parseArguments(argv) {
  const options = { files: [], out: path.resolve(HERE, '..', '..', 'target', 'diagrams'), scale: 1.5,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') options.out = path.resolve(argv[++i]);
    else if (a === '--scale') options.scale = Number(argv[++i]);
    else if (a === '--chromium') options.chromium = argv[++i];
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else options.files.push(a);
  }
  return options;
}

const asset = (p) => require.resolve(p);

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<style>
  html, body { margin: 0; background: #fff; }
  #canvas { width: 1600px; height: 1000px; }
  #tables { display: inline-block; padding: 16px; background: #fff; }
  #tables .dmn-decision-table-container { width: max-content; }
</style></head><body><div id="canvas"></div><div id="tables"></div></body></html>`;

/** In the page: every diagram of a BPMN text as SVG. */
async function bpmnToSvgs(page, xml) {
  return page.evaluate(async (text) => {
    const container = document.getElementById('canvas');
    container.innerHTML = '';
    // eslint-disable-next-line no-undef
    const viewer = new BpmnJS({ container });
    const { warnings } = await viewer.importXML(text);
    const out = [];
    for (const diagram of viewer.getDefinitions().diagrams) {
      await viewer.open(diagram.id);
      const { svg } = await viewer.saveSVG();
      const element = diagram.plane.bpmnElement;
      out.push({ diagram: diagram.id, id: element.id, type: element.$type, name: element.name || '', svg });
    }
    viewer.destroy();
    return { warnings: warnings.map((w) => w.message), diagrams: out };
  }, xml);
}

async function renderBpmn(context, page, file, options) {
  const xml = fs.readFileSync(file, 'utf8');
  const base = path.basename(file, '.bpmn');
  const { warnings, diagrams } = await bpmnToSvgs(page, xml);
  for (const w of warnings) console.log(`  warning  ${base}.bpmn: ${w}`);
  const written = [];
  for (const [i, d] of diagrams.entries()) {
    const name = i === 0 ? `${base}.png` : `${base}.${d.id}.png`;
    const svgPage = await context.newPage();
    await svgPage.setContent(`<!doctype html><html><head><meta charset="utf-8"></head>`
      + `<body style="margin:0;background:#fff">${d.svg}</body></html>`);
    const box = await svgPage.locator('svg').first().boundingBox();
    await svgPage.setViewportSize({ width: Math.ceil(box.width) + 1, height: Math.ceil(box.height) + 1 });
    await svgPage.locator('svg').first().screenshot({ path: path.join(options.out, name) });
    await svgPage.close();
    written.push({ file: name, title: `${d.name || d.id} (${d.type.replace('bpmn:', '')} ${d.id})`, source: `${base}.bpmn` });
  }
  return written;
}

async function renderDmn(page, file, options) {
  const xml = fs.readFileSync(file, 'utf8');
  const base = path.basename(file, '.dmn');
  const views = await page.evaluate(async (text) => {
    const container = document.getElementById('tables');
    container.innerHTML = '';
    // eslint-disable-next-line no-undef
    window.dmnViewer = new DmnJS({ container });
    const { warnings } = await window.dmnViewer.importXML(text);
    const list = window.dmnViewer.getViews().filter((v) => v.type === 'decisionTable')
      .map((v) => ({ id: v.element.id, name: v.element.name || '' }));
    return { warnings: warnings.map((w) => w.message), list };
  }, xml);
  for (const w of views.warnings) console.log(`  warning  ${base}.dmn: ${w}`);
  const written = [];
  for (const view of views.list) {
    await page.evaluate(async (id) => {
      const target = window.dmnViewer.getViews().find((v) => v.type === 'decisionTable' && v.element.id === id);
      await window.dmnViewer.open(target);
    }, view.id);
    const name = `${base}.${view.id}.png`;
    await page.locator('#tables').screenshot({ path: path.join(options.out, name) });
    written.push({ file: name, title: `${view.name || view.id} (decision table ${view.id})`, source: `${base}.dmn` });
  }
  await page.evaluate(() => window.dmnViewer.destroy());
  return written;
}

function indexHtml(entries) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const items = entries.map((e) => `<h2>${escape(e.title)} <small>${escape(e.source)}</small></h2>\n`
    + `<p><a href="${e.file}"><img src="${e.file}" style="max-width:100%" alt="${escape(e.title)}"></a></p>`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>流程图与决策表</title>
<style>body{font-family:sans-serif;margin:24px} small{color:#666;font-weight:normal}</style></head><body>
<h1>流程图与决策表 (processes/)</h1>
${items.join('\n')}
</body></html>
`;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const files = modelFiles(options.files);
  fs.mkdirSync(options.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-dev-shm-usage']
  });
  const entries = [];
  try {
    const context = await browser.newContext({ deviceScaleFactor: options.scale, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ path: asset('bpmn-js/dist/bpmn-viewer.production.min.js') });
    await page.addScriptTag({ path: asset('dmn-js/dist/dmn-viewer.production.min.js') });
    for (const css of ['dmn-js/dist/assets/dmn-js-shared.css', 'dmn-js/dist/assets/dmn-js-decision-table.css',
      'dmn-js/dist/assets/dmn-font/css/dmn.css']) {
      await page.addStyleTag({ path: asset(css) });
    }
    for (const file of files) {
      const written = kindOf(file) === 'bpmn' ? await renderBpmn(context, page, file, options)
        : await renderDmn(page, file, options);
      for (const w of written) console.log(`${path.relative(process.cwd(), path.join(options.out, w.file))}`);
      entries.push(...written);
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(path.join(options.out, 'index.html'), indexHtml(entries));
  console.log(`${entries.length} drawings, ${path.relative(process.cwd(), path.join(options.out, 'index.html'))}`);
}

main().catch((error) => {
  console.error(error.stack || error.message);
  process.exit(1);
});
