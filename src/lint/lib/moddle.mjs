// Reading and writing BPMN and DMN the way Camunda Modeler does: bpmn-moddle / dmn-moddle with the Camunda
// descriptors, written with toXML({ format: true }) as bpmn-js' and dmn-js' saveXML do.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { DmnModdle } from 'dmn-moddle';
import { diffLines } from 'diff';
import { orderDi } from './di-order.mjs';

const require = createRequire(import.meta.url);
const camundaBpmn = require('camunda-bpmn-moddle/resources/camunda.json');
const camundaDmn = require('camunda-dmn-moddle/resources/camunda.json');

/** The directory of the models, ../../processes from here. */
export const PROCESSES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'processes');

export function kindOf(file) {
  if (file.endsWith('.bpmn')) return 'bpmn';
  if (file.endsWith('.dmn')) return 'dmn';
  throw new Error(`${file}: neither .bpmn nor .dmn`);
}

export function createModdle(kind) {
  return kind === 'bpmn' ? new BpmnModdle({ camunda: camundaBpmn }) : new DmnModdle({ camunda: camundaDmn });
}

/**
 * Parses a model. Returns the moddle, the definitions and the import warnings (an unknown element or
 * attribute value moddle could not read: what a Modeler save would lose or change).
 */
export async function readModel(kind, xml) {
  const moddle = createModdle(kind);
  const root = kind === 'bpmn' ? 'bpmn:Definitions' : 'dmn:Definitions';
  const { rootElement, warnings } = await moddle.fromXML(xml, root);
  return { moddle, definitions: rootElement, warnings: warnings || [] };
}

/** Writes a model as Modeler's save does (for BPMN: the diagram elements in bpmn-js' order). */
export async function writeModel(moddle, definitions) {
  if (definitions.$type === 'bpmn:Definitions') orderDi(definitions);
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml.endsWith('\n') ? xml : xml + '\n';
}

/** The text a Modeler save would write for this text. */
export async function roundTrip(file, xml) {
  const kind = kindOf(file);
  const { moddle, definitions, warnings } = await readModel(kind, xml);
  return { xml: await writeModel(moddle, definitions), warnings };
}

function splitLines(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * How much of a file a rewrite changes, by a line diff: `removed` lines of the old text that are gone,
 * `added` lines of the new text that are new, and `share` = max(removed, added) / lines of the old text
 * (one rewritten line counts once; lines only moved count as removed and added).
 */
export function lineChange(before, after) {
  const a = splitLines(before).join('\n') + '\n';
  const b = splitLines(after).join('\n') + '\n';
  let removed = 0;
  let added = 0;
  for (const part of diffLines(a, b)) {
    if (part.removed) removed += part.count;
    else if (part.added) added += part.count;
  }
  const lines = splitLines(before).length;
  return { lines, removed, added, share: lines === 0 ? 0 : Math.max(removed, added) / lines };
}

/** XML comments of a text with their line numbers: a Modeler save drops them. */
export function xmlComments(text) {
  const found = [];
  const pattern = /<!--([\s\S]*?)-->/g;
  let match;
  while ((match = pattern.exec(text))) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ line, text: match[1].trim().replace(/\s+/g, ' ').slice(0, 70) });
  }
  return found;
}

/** The .bpmn and .dmn files of processes/ (sorted), or the files given. */
export function modelFiles(args, kinds = ['bpmn', 'dmn']) {
  if (args.length) return args.map((f) => path.resolve(f));
  return fs.readdirSync(PROCESSES)
    .filter((f) => kinds.some((k) => f.endsWith('.' + k)))
    .sort()
    .map((f) => path.join(PROCESSES, f));
}

export function warningText(warning) {
  return String(warning.message || warning).split('\n')[0];
}

/** Modeler's execution platform attributes for this project (Camunda 7.23). */
export const PLATFORM = { name: 'Camunda Platform', version: '7.23.0' };

/** Sets Modeler's execution platform attributes on the definitions unless they are there. */
export function setExecutionPlatform(definitions) {
  const attrs = definitions.$attrs;
  const existing = Object.keys(attrs).find((k) => k.startsWith('xmlns:') && attrs[k] === 'http://camunda.org/schema/modeler/1.0');
  const prefix = existing ? existing.slice('xmlns:'.length) : 'modeler';
  if (!existing) attrs['xmlns:modeler'] = 'http://camunda.org/schema/modeler/1.0';
  if (!attrs[`${prefix}:executionPlatform`]) attrs[`${prefix}:executionPlatform`] = PLATFORM.name;
  if (!attrs[`${prefix}:executionPlatformVersion`]) attrs[`${prefix}:executionPlatformVersion`] = PLATFORM.version;
}

