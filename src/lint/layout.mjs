// (Re)generates the diagram (BPMN DI) of models from their semantics and writes them in Modeler's
// serialisation. See README.md.
//
//   node layout.mjs [options] <file.bpmn>...     rewrite the files in place
//   node layout.mjs --all [options]              every processes/*.bpmn
//
// Options:
//   --out <dir>              write there (same file names) instead of in place
//   --expand <id,id>         draw these sub-processes expanded (in the parent's diagram)
//   --collapse <id,id>       draw these collapsed (their content in a diagram of their own: Modeler's drill-down)
//   --expand-all, --collapse-all
//   --expand-limit <n>       otherwise: as the old diagram had it; a new sub-process is expanded when it holds at
//                            most n flow nodes (default 8); event sub-processes are expanded
//   --add-lanes              a process without lanes whose user tasks belong to several unit types gets a first
//                            proposal of lanes (one per unit type; other nodes in the lane of the step before)
//   --no-platform            do not add Modeler's execution platform attributes (Camunda Platform 7.23.0)
import fs from 'node:fs';
import path from 'node:path';
import { readModel, writeModel, modelFiles, warningText, xmlComments, setExecutionPlatform } from './lib/moddle.mjs';
import { layoutDefinitions } from './lib/layout.mjs';
import { addLanes } from './lib/lanes.mjs';

function parseArguments(argv) {
  const options = { files: [], expand: [], collapse: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--all') options.all = true;
    else if (a === '--out') options.out = value();
    else if (a === '--expand') options.expand.push(...value().split(',').filter(Boolean));
    else if (a === '--collapse') options.collapse.push(...value().split(',').filter(Boolean));
    else if (a === '--expand-all') options.expandAll = true;
    else if (a === '--collapse-all') options.collapseAll = true;
    else if (a === '--expand-limit') options.expandLimit = Number(value());
    else if (a === '--no-platform') options.noPlatform = true;
    else if (a === '--add-lanes') options.addLanes = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else options.files.push(a);
  }
  return options;
}

/** Lays out one BPMN text; returns the new text and the warnings. */
export async function layoutXml(xml, options = {}) {
  const { moddle, definitions, warnings } = await readModel('bpmn', xml);
  const messages = warnings.map((w) => `moddle: ${warningText(w)}`);
  if (options.addLanes) {
    for (const process of (definitions.rootElements || []).filter((r) => r.$type === 'bpmn:Process')) {
      const lanes = addLanes(moddle, process);
      if (lanes.length) messages.push(`${process.id}: lanes proposed: ${lanes.map((l) => l.name).join(', ')}`);
    }
  }
  messages.push(...layoutDefinitions(moddle, definitions, options));
  if (!options.noPlatform) setExecutionPlatform(definitions);
  return { xml: await writeModel(moddle, definitions), warnings: messages };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!options.all && options.files.length === 0) {
    console.error('usage: npm run layout -- [--out <dir>] [--expand ids] [--collapse ids] <file.bpmn>... | --all');
    process.exit(2);
  }
  const files = options.all ? modelFiles([], ['bpmn']) : options.files.map((f) => path.resolve(f));
  if (options.out) fs.mkdirSync(options.out, { recursive: true });
  let ok = true;
  for (const file of files) {
    const xml = fs.readFileSync(file, 'utf8');
    const comments = xmlComments(xml);
    const { xml: laidOut, warnings } = await layoutXml(xml, options);
    const target = options.out ? path.join(options.out, path.basename(file)) : file;
    fs.writeFileSync(target, laidOut);
    console.log(`${path.relative(process.cwd(), target)}: laid out`);
    for (const c of comments) console.log(`  warning  line ${c.line}: XML comment dropped ("${c.text}…")`);
    for (const w of warnings) console.log(`  warning  ${w}`);
    if (warnings.some((w) => w.startsWith('moddle:'))) ok = false;
  }
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(2);
  });
}
