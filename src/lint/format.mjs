// Rewrites BPMN and DMN files in Camunda Modeler's serialisation (bpmn-moddle / dmn-moddle, formatted), so
// that the next save in Modeler changes little; with --check, only measures how much a save would change.
//
//   node format.mjs [files...]            rewrite (default: every processes/*.bpmn and *.dmn)
//   node format.mjs --check [files...]    fail when a save would change 10 % of a file's lines or more
//
// Options: --max-share 0.10 (--check), --drop-comments (XML comments are lost on a Modeler save: the
// formatter refuses files with comments unless told to drop them), --force (write even when moddle warns
// about something it could not read), --no-platform (do not add Modeler's execution platform attributes).
import fs from 'node:fs';
import path from 'node:path';
import { kindOf, readModel, writeModel, roundTrip, lineChange, xmlComments, modelFiles, warningText,
  setExecutionPlatform } from './lib/moddle.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const check = flag('--check');
const dropComments = flag('--drop-comments');
const force = flag('--force');
const platform = !flag('--no-platform');
const maxShare = Number(option('--max-share', '0.10'));

async function checkFile(file) {
  const xml = fs.readFileSync(file, 'utf8');
  const { xml: saved, warnings } = await roundTrip(file, xml);
  const change = lineChange(xml, saved);
  const name = path.relative(process.cwd(), file);
  const percent = (change.share * 100).toFixed(1);
  const problems = [];
  if (change.share >= maxShare) {
    problems.push(`a save in Camunda Modeler would change ${Math.max(change.removed, change.added)} of its `
      + `${change.lines} lines (${percent} %, at most ${(maxShare * 100).toFixed(0)} %): run \`npm run format\``);
  }
  for (const comment of xmlComments(xml)) {
    problems.push(`line ${comment.line}: an XML comment, lost on a Modeler save ("${comment.text}…"): `
      + 'move it into the documentation (BPMN) or description (DMN)');
  }
  for (const warning of warnings) problems.push(`moddle cannot read: ${warningText(warning)}`);
  if (problems.length) {
    console.log(`${name}`);
    for (const p of problems) console.log(`  error  ${p}`);
    return false;
  }
  console.log(`${name}: ok (a Modeler save changes ${percent} % of its lines)`);
  return true;
}

async function formatFile(file) {
  const xml = fs.readFileSync(file, 'utf8');
  const name = path.relative(process.cwd(), file);
  const comments = xmlComments(xml);
  if (comments.length && !dropComments) {
    console.log(`${name}: not formatted, it has XML comments a Modeler save drops (lines `
      + `${comments.map((c) => c.line).join(', ')}); move them into documentation or run with --drop-comments`);
    return false;
  }
  const { moddle, definitions, warnings } = await readModel(kindOf(file), xml);
  if (warnings.length && !force) {
    console.log(`${name}: not formatted, moddle cannot read all of it (would be lost):`);
    for (const w of warnings) console.log(`  ${warningText(w)}`);
    return false;
  }
  if (platform) setExecutionPlatform(definitions);
  const formatted = await writeModel(moddle, definitions);
  if (formatted === xml) {
    console.log(`${name}: unchanged`);
  } else {
    const change = lineChange(xml, formatted);
    fs.writeFileSync(file, formatted);
    console.log(`${name}: formatted (${Math.max(change.removed, change.added)} of ${change.lines} lines changed)`);
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let ok = true;
  for (const file of modelFiles(args)) {
    ok = (check ? await checkFile(file) : await formatFile(file)) && ok;
  }
  process.exit(ok ? 0 : 1);
}
