// Generates the diagram (BPMN DI) of a model from its semantics: a grid layout per process and per
// sub-process. See ../README.md ("layout") for what it does and what it does not.
//
// Outline, per container (a process, a participant with its lanes, an expanded or collapsed sub-process):
//  1. the flow nodes (boundary events and event sub-processes aside) are the grid's nodes, the sequence flows
//     its edges (a flow leaving a boundary event counts as leaving its host);
//  2. a depth-first search from the start events finds the back edges (loops);
//  3. columns: the longest path from a start over the forward edges;
//  4. rows: a sweep from left to right places every node with its main chain (the "main" successor of a node
//     is the one with the longest way to an end): the main chain stays in the node's row; boundary paths
//     (first) and other branches take the nearest row below (or, for a branch without boundary paths, above)
//     where their next nodes and the horizontal runs to them are free, preferring one straight below (above)
//     the source; with lanes every lane has its own rows;
//  5. coordinates from the column widths and row heights; boundary events on their host's bottom edge;
//     event sub-processes in a row of their own below the grid (of their lane);
//  6. every edge takes the cheapest of a few orthogonal routes (straight, L, Z, around through the gaps
//     between rows), where crossing a shape is very expensive and running over another edge, crossing it,
//     bends and length cost a little;
//  7. labels of named events and gateways (below, else above or beside) and of named flows (next to the first
//     segment) where they cross no shape, line or other label, if possible.
// Everything is ordered by document order, so the same model always gives the same diagram.

const TASK = { width: 100, height: 80 };
const EVENT = { width: 36, height: 36 };
const GATEWAY = { width: 50, height: 50 };
const H_GAP = 70;
const V_GAP = 60;
const MIN_ROW_HEIGHT = 80;
const LABEL_MAX_WIDTH = 90;
const LABEL_LINE_HEIGHT = 14;
const SUB_PADDING = { left: 40, right: 40, top: 50, bottom: 40 };
const LANE_PADDING = { top: 30, bottom: 45 };
const PARTICIPANT_LABEL = 30;
const LANE_LABEL = 30;
const ORIGIN = { x: 160, y: 80 };
const PARTICIPANT_ORIGIN = { x: 120, y: 60 };

// ------------------------------------------------------------------------------------------ model helpers

export function is(element, type) {
  return element && typeof element.$instanceOf === 'function' && element.$instanceOf(type);
}

function isBoundary(element) {
  return is(element, 'bpmn:BoundaryEvent');
}

function isEventSubProcess(element) {
  return is(element, 'bpmn:SubProcess') && element.triggeredByEvent;
}

function sizeOf(element) {
  if (is(element, 'bpmn:Event')) return { ...EVENT };
  if (is(element, 'bpmn:Gateway')) return { ...GATEWAY };
  return { ...TASK };
}

/** Rough width of a text in bpmn-js' external label font (11 px Arial, CJK from the system's CJK font). */
function charWidth(ch) {
  const code = ch.codePointAt(0);
  if (code >= 0x2e80) return 11;
  if (ch === ' ') return 3;
  if (/[A-Z0-9]/.test(ch)) return 7;
  return 6;
}

/** Width and height of an external label as bpmn-js draws it: lines wrapped at 90 px. */
export function labelSize(text) {
  const lines = [];
  let line = 0;
  for (const word of splitWords(text)) {
    const w = [...word].reduce((sum, ch) => sum + charWidth(ch), 0);
    if (line > 0 && line + w > LABEL_MAX_WIDTH) {
      lines.push(line);
      line = 0;
    }
    if (w > LABEL_MAX_WIDTH) {
      // a long run without spaces (CJK): wrapped by character
      for (const ch of word) {
        const cw = charWidth(ch);
        if (line + cw > LABEL_MAX_WIDTH) {
          lines.push(line);
          line = 0;
        }
        line += cw;
      }
    } else {
      line += w;
    }
  }
  if (line > 0 || lines.length === 0) lines.push(line);
  return { width: Math.max(10, Math.ceil(Math.max(...lines))), height: LABEL_LINE_HEIGHT * lines.length };
}

function splitWords(text) {
  // CJK characters are words of their own; latin words keep their trailing space
  return String(text).trim().match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+/g) || [];
}

// ------------------------------------------------------------------------------------------ geometry

function rect(x, y, width, height) {
  return { x, y, width, height };
}

function center(r) {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

const ports = {
  left: (r) => ({ x: r.x, y: r.y + r.height / 2 }),
  right: (r) => ({ x: r.x + r.width, y: r.y + r.height / 2 }),
  top: (r) => ({ x: r.x + r.width / 2, y: r.y }),
  bottom: (r) => ({ x: r.x + r.width / 2, y: r.y + r.height })
};

function simplify(points) {
  const out = [];
  for (const p of points) {
    const q = { x: Math.round(p.x), y: Math.round(p.y) };
    const last = out[out.length - 1];
    if (last && last.x === q.x && last.y === q.y) continue;
    out.push(q);
  }
  // drop middle points of straight runs
  for (let i = out.length - 2; i >= 1; i--) {
    const a = out[i - 1];
    const b = out[i];
    const c = out[i + 1];
    if ((a.x === b.x && b.x === c.x) || (a.y === b.y && b.y === c.y)) out.splice(i, 1);
  }
  return out;
}

function segments(points) {
  const out = [];
  for (let i = 0; i < points.length - 1; i++) out.push([points[i], points[i + 1]]);
  return out;
}

/** Does an axis-parallel segment run through the inside of a rectangle (its border not counted)? */
function segmentHitsRect([a, b], r, margin = 1) {
  const x1 = Math.min(a.x, b.x);
  const x2 = Math.max(a.x, b.x);
  const y1 = Math.min(a.y, b.y);
  const y2 = Math.max(a.y, b.y);
  return x2 > r.x + margin && x1 < r.x + r.width - margin && y2 > r.y + margin && y1 < r.y + r.height - margin;
}

function rectsOverlap(a, b, margin = 0) {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin
    && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

/** Length two segments share when they lie on one line, and whether they cross. */
function segmentRelation([a, b], [c, d]) {
  const horizontal1 = a.y === b.y;
  const horizontal2 = c.y === d.y;
  if (horizontal1 && horizontal2) {
    if (Math.abs(a.y - c.y) > 3) return { overlap: 0, cross: false };
    const lo = Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x));
    const hi = Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x));
    return { overlap: Math.max(0, hi - lo), cross: false };
  }
  if (!horizontal1 && !horizontal2) {
    if (Math.abs(a.x - c.x) > 3) return { overlap: 0, cross: false };
    const lo = Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y));
    const hi = Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y));
    return { overlap: Math.max(0, hi - lo), cross: false };
  }
  const [h1, h2, v1, v2] = horizontal1 ? [a, b, c, d] : [c, d, a, b];
  const cross = v1.x > Math.min(h1.x, h2.x) && v1.x < Math.max(h1.x, h2.x)
    && h1.y > Math.min(v1.y, v2.y) && h1.y < Math.max(v1.y, v2.y);
  return { overlap: 0, cross };
}

function pathLength(points) {
  let sum = 0;
  for (const [a, b] of segments(points)) sum += Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
  return sum;
}

// ------------------------------------------------------------------------------------------ the layout

/**
 * Lays out one container. Returns positions relative to an origin chosen by the caller (see `translate`):
 * shapes (flow nodes, boundary events; expanded sub-processes with their content), edges and labels, and the
 * lane bands when lanes are given.
 *
 * @param container a bpmn:Process or bpmn:SubProcess
 * @param options.expanded (subProcess) => boolean
 * @param options.collapsed array: collapsed sub-processes found (to be drawn in diagrams of their own)
 * @param options.lanes optional array of { lane, nodes: Set<FlowNode> } in drawing order (top to bottom)
 * @param options.warn (message) => void
 */
export function layoutContainer(container, options) {
  const elements = container.flowElements || [];
  const flowNodes = elements.filter((e) => is(e, 'bpmn:FlowNode'));
  const gridNodes = flowNodes.filter((e) => !isBoundary(e) && !isEventSubProcess(e));
  const eventSubs = flowNodes.filter(isEventSubProcess);
  const boundaries = flowNodes.filter(isBoundary);
  const flows = elements.filter((e) => is(e, 'bpmn:SequenceFlow'));
  const result = { shapes: new Map(), edges: new Map(), labels: new Map(), lanes: [], inner: [] };

  const unsupported = [...(container.artifacts || []), ...elements.filter((e) => is(e, 'bpmn:DataObjectReference')
    || is(e, 'bpmn:DataStoreReference'))];
  if (unsupported.length) {
    options.warn(`${container.id}: not laid out (no diagram element made): ${unsupported.map((e) => e.id).join(', ')}`);
  }

  // sizes; expanded sub-processes first laid out on their own
  const size = new Map();
  const innerOf = new Map();
  for (const node of [...gridNodes, ...eventSubs]) {
    if (is(node, 'bpmn:SubProcess')) {
      if (options.expanded(node)) {
        const inner = layoutContainer(node, { ...options, lanes: null });
        inner.owner = node;
        innerOf.set(node, inner);
        size.set(node, {
          width: Math.max(Math.ceil(inner.bbox.width) + SUB_PADDING.left + SUB_PADDING.right, 350),
          height: Math.max(Math.ceil(inner.bbox.height) + SUB_PADDING.top + SUB_PADDING.bottom, 200)
        });
        continue;
      }
      options.collapsed.push(node);
    }
    size.set(node, sizeOf(node));
  }

  // lanes
  const laneIndex = new Map();
  const laneCount = options.lanes ? Math.max(options.lanes.length, 1) : 1;
  if (options.lanes) {
    options.lanes.forEach(({ nodes }, i) => {
      for (const n of nodes) if (!laneIndex.has(n)) laneIndex.set(n, i);
    });
  }

  // edges between grid nodes
  const nodeSet = new Set(gridNodes);
  const edges = [];
  for (const flow of flows) {
    const source = flow.sourceRef;
    const target = flow.targetRef;
    const from = isBoundary(source) ? source.attachedToRef : source;
    if (!nodeSet.has(from) || !nodeSet.has(target)) continue;
    edges.push({ flow, from, to: target, boundary: isBoundary(source) ? source : null, back: false });
  }
  const out = new Map(gridNodes.map((n) => [n, []]));
  const incoming = new Map(gridNodes.map((n) => [n, []]));
  for (const e of edges) {
    out.get(e.from).push(e);
    incoming.get(e.to).push(e);
  }
  // a node's own flows before the flows of its boundary events
  for (const list of out.values()) list.sort((a, b) => (a.boundary ? 1 : 0) - (b.boundary ? 1 : 0));

  // roots: start events, then nodes nothing leads to, then the rest, each in document order
  const roots = [
    ...gridNodes.filter((n) => is(n, 'bpmn:StartEvent')),
    ...gridNodes.filter((n) => incoming.get(n).length === 0),
    ...gridNodes
  ];

  // back edges: depth-first search
  const state = new Map();
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack = [[root, 0]];
    state.set(root, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [node, i] = top;
      const list = out.get(node);
      if (i >= list.length) {
        state.set(node, 'done');
        stack.pop();
        continue;
      }
      top[1]++;
      const e = list[i];
      const s = state.get(e.to);
      if (s === 'open') e.back = true;
      else if (!s) {
        state.set(e.to, 'open');
        stack.push([e.to, 0]);
      }
    }
  }
  const forwardOut = (n) => out.get(n).filter((e) => !e.back);

  // the longest way to an end (to pick the main successor)
  const toEnd = new Map();
  const longestToEnd = (n) => {
    if (toEnd.has(n)) return toEnd.get(n);
    toEnd.set(n, 0);
    let best = 0;
    for (const e of forwardOut(n)) best = Math.max(best, 1 + longestToEnd(e.to));
    toEnd.set(n, best);
    return best;
  };

  // columns: longest path from a root over forward edges (topological order)
  const rank = new Map(gridNodes.map((n) => [n, 0]));
  const indegree = new Map(gridNodes.map((n) => [n, incoming.get(n).filter((e) => !e.back).length]));
  const queue = gridNodes.filter((n) => indegree.get(n) === 0);
  const topo = [];
  while (queue.length) {
    const n = queue.shift();
    topo.push(n);
    for (const e of forwardOut(n)) {
      rank.set(e.to, Math.max(rank.get(e.to), rank.get(n) + 1));
      indegree.set(e.to, indegree.get(e.to) - 1);
      if (indegree.get(e.to) === 0) queue.push(e.to);
    }
  }
  // pull nodes with a single successor and no predecessor (a start event of a side path) next to it
  for (const n of [...topo].reverse()) {
    const succ = forwardOut(n);
    if (incoming.get(n).length === 0 && succ.length > 0) {
      rank.set(n, Math.max(rank.get(n), Math.min(...succ.map((e) => rank.get(e.to))) - 1));
    }
  }

  // boundary events of every host, in document order, and their position along the bottom edge
  const boundaryOf = new Map();
  for (const b of boundaries) {
    if (!b.attachedToRef) continue;
    if (!boundaryOf.has(b.attachedToRef)) boundaryOf.set(b.attachedToRef, []);
    boundaryOf.get(b.attachedToRef).push(b);
  }
  const boundarySlot = (b) => boundaryOf.get(b.attachedToRef).indexOf(b);

  // rows: a sweep from left to right; a placed node places its successors
  const laneOf = (n) => (laneIndex.has(n) ? laneIndex.get(n) : null);
  const row = new Map();
  const lane = new Map();
  // grid cells: a node or a horizontal run of an edge
  const cells = new Map();
  const cell = (l, r, k) => {
    const id = `${l}|${r}|${k}`;
    if (!cells.has(id)) cells.set(id, { node: null, h: false });
    return cells.get(id);
  };
  const empty = (l, r, k) => {
    const c = cells.get(`${l}|${r}|${k}`);
    return !c || (!c.node && !c.h);
  };
  const hFree = (l, r, from, to) => {
    for (let k = from; k <= to; k++) {
      const c = cells.get(`${l}|${r}|${k}`);
      if (c && (c.node || c.h)) return false;
    }
    return true;
  };
  const runH = (l, r, from, to) => {
    for (let k = from; k <= to; k++) cell(l, r, k).h = true;
  };
  const place = (n, l, r) => {
    row.set(n, r);
    lane.set(n, l);
    cell(l, r, rank.get(n)).node = n;
  };
  // the main chain of a node: it, its main successor, that one's main successor... (unplaced, same lane)
  const chainOf = (v, l, max) => {
    const chain = [v];
    let w = v;
    while (chain.length < max) {
      const next = orderedOut(w).find((e) => !e.boundary);
      if (!next || row.has(next.to) || chain.includes(next.to) || (laneOf(next.to) ?? l) !== l) break;
      chain.push(next.to);
      w = next.to;
    }
    return chain;
  };
  // how much of a chain fits into row r after column `from`: the cells of its nodes and the runs between
  const fitting = (chain, l, r, from) => {
    let k0 = from;
    let n = 0;
    for (const w of chain) {
      const k = rank.get(w);
      if (!empty(l, r, k) || !hFree(l, r, k0 + 1, k - 1)) break;
      n++;
      k0 = k;
    }
    return n;
  };
  const placeChain = (chain, l, r, from) => {
    let k0 = from;
    for (const w of chain) {
      place(w, l, r);
      runH(l, r, k0 + 1, rank.get(w) - 1);
      k0 = rank.get(w);
    }
  };
  const CHAIN_FIT = 3;

  const placeFrom = (u, e, main) => {
    const v = e.to;
    const ku = rank.get(u);
    const lu = lane.get(u);
    const ru = row.get(u);
    const lv = laneOf(v) ?? lu;
    if (lv !== lu) {
      // to another lane: the first row there where the chain fits; the edge runs along the source row first
      const chain = chainOf(v, lv, 1000);
      const need = Math.min(chain.length, CHAIN_FIT);
      let r = 0;
      while (fitting(chain, lv, r, rank.get(v) - 1) < need) r++;
      placeChain(chain.slice(0, fitting(chain, lv, r, rank.get(v) - 1)), lv, r, rank.get(v) - 1);
      if (hFree(lu, ru, ku + 1, rank.get(v) - 1)) runH(lu, ru, ku + 1, rank.get(v) - 1);
      return;
    }
    const chain = chainOf(v, lu, 1000);
    const need = Math.min(chain.length, CHAIN_FIT);
    if (main && !e.boundary && fitting(chain, lu, ru, ku) >= need) {
      placeChain(chain.slice(0, fitting(chain, lu, ru, ku)), lu, ru, ku);
      return;
    }
    // a branch or a boundary path: the first row below where its chain fits, preferring (within a few rows)
    // one straight below the source, so that the edge can go down and then right
    const columnFree = (r) => {
      for (let rr = ru + 1; rr <= r; rr++) {
        const c = cells.get(`${lu}|${rr}|${ku}`);
        if (c && c.node) return false;
      }
      return true;
    };
    const columnFreeAbove = (r) => {
      for (let rr = ru - 1; rr >= r; rr--) {
        const c = cells.get(`${lu}|${rr}|${ku}`);
        if (c && c.node) return false;
      }
      return true;
    };
    // straight below within three rows, else straight above within two, else the first that fits below
    for (const r of [ru + 1, ru + 2, ru + 3]) {
      if (fitting(chain, lu, r, ku) >= need && columnFree(r)) {
        placeChain(chain.slice(0, fitting(chain, lu, r, ku)), lu, r, ku);
        return;
      }
    }
    const withBoundaryPaths = chain.slice(0, CHAIN_FIT).some((w) => (boundaryOf.get(w) || [])
      .some((b) => edges.some((x) => x.boundary === b)));
    if (!e.boundary && !withBoundaryPaths) {
      for (const r of [ru - 1, ru - 2]) {
        if (fitting(chain, lu, r, ku) >= need && columnFreeAbove(r)) {
          placeChain(chain.slice(0, fitting(chain, lu, r, ku)), lu, r, ku);
          return;
        }
      }
    }
    for (let r = ru + 1; ; r++) {
      if (fitting(chain, lu, r, ku) >= need) {
        placeChain(chain.slice(0, fitting(chain, lu, r, ku)), lu, r, ku);
        return;
      }
    }
  };

  const orderedOut = (n) => {
    const list = forwardOut(n);
    const own = list.filter((e) => !e.boundary);
    const bound = list.filter((e) => e.boundary);
    // the main successor first: the longest way to an end; ties in document order
    const ownSorted = own.map((e, i) => ({ e, i, len: longestToEnd(e.to) }))
      .sort((a, b) => b.len - a.len || a.i - b.i).map((x) => x.e);
    // boundary paths: the rightmost boundary event takes the nearest row
    const boundSorted = bound.map((e, i) => ({ e, i, slot: boundarySlot(e.boundary) }))
      .sort((a, b) => b.slot - a.slot || a.i - b.i).map((x) => x.e);
    return [...ownSorted, ...boundSorted];
  };

  // the sweep: always the next edge from a placed node to an unplaced one, boundary paths before branches
  // (they stay next to their host), then by the source's column, lane, row and document order
  const order = new Map(gridNodes.map((n, i) => [n, i]));
  const expanded = new Set();
  const pendingEdges = () => {
    const list = [];
    for (const n of row.keys()) {
      if (expanded.has(n)) continue;
      orderedOut(n).forEach((e, i) => {
        if (!row.has(e.to)) list.push({ e, main: i === 0, i });
      });
    }
    return list;
  };
  const sweep = () => {
    for (;;) {
      for (const n of row.keys()) {
        if (orderedOut(n).every((e) => row.has(e.to))) expanded.add(n);
      }
      const list = pendingEdges();
      if (!list.length) return;
      list.sort((a, b) => (a.e.boundary ? 0 : 1) - (b.e.boundary ? 0 : 1)
        || rank.get(a.e.from) - rank.get(b.e.from) || lane.get(a.e.from) - lane.get(b.e.from)
        || row.get(a.e.from) - row.get(b.e.from) || order.get(a.e.from) - order.get(b.e.from) || a.i - b.i);
      const { e, main } = list[0];
      placeFrom(e.from, e, main);
    }
  };
  for (const root of roots) {
    if (row.has(root)) continue;
    const l = laneOf(root) ?? 0;
    const chain = chainOf(root, l, 1000);
    let r = 0;
    while (fitting(chain, l, r, rank.get(root) - 1) < Math.min(chain.length, CHAIN_FIT)) r++;
    placeChain(chain.slice(0, fitting(chain, l, r, rank.get(root) - 1)), l, r, rank.get(root) - 1);
    sweep();
  }

  // rows above a lane's first row (branches drawn upwards): renumber from 0
  for (let l = 0; l < laneCount; l++) {
    const rows = gridNodes.filter((n) => lane.get(n) === l).map((n) => row.get(n));
    const min = rows.length ? Math.min(...rows) : 0;
    if (min < 0) for (const n of gridNodes) if (lane.get(n) === l) row.set(n, row.get(n) - min);
  }

  // ------------------------------------------------------------------ coordinates
  const rankCount = Math.max(0, ...gridNodes.map((n) => rank.get(n) + 1));
  const colWidth = new Array(rankCount).fill(EVENT.width);
  for (const n of gridNodes) colWidth[rank.get(n)] = Math.max(colWidth[rank.get(n)], size.get(n).width);
  // the gap after a column: wide enough for the labels of the named flows leaving it
  const gap = new Array(rankCount).fill(H_GAP);
  for (const e of edges) {
    if (e.back || e.boundary || !(e.flow.name || '').trim()) continue;
    const k = rank.get(e.from);
    gap[k] = Math.max(gap[k], labelSize(e.flow.name).width + 40);
  }
  const colLeft = [];
  let x = 0;
  for (let k = 0; k < rankCount; k++) {
    colLeft.push(x);
    x += colWidth[k] + gap[k];
  }
  const gridWidth = Math.max(0, x - (rankCount ? gap[rankCount - 1] : 0));

  const rowsOf = [];
  for (let l = 0; l < laneCount; l++) {
    const used = gridNodes.filter((n) => lane.get(n) === l).map((n) => row.get(n));
    const count = used.length ? Math.max(...used) + 1 : 1;
    const heights = new Array(count).fill(MIN_ROW_HEIGHT);
    for (const n of gridNodes) {
      if (lane.get(n) === l) heights[row.get(n)] = Math.max(heights[row.get(n)], size.get(n).height);
    }
    rowsOf.push(heights);
  }
  const subsOfLane = (l) => eventSubs.filter((s) => (laneOf(s) ?? laneCount - 1) === l || (!options.lanes && l === 0));

  const withLanes = Boolean(options.lanes);
  const rowTop = [];
  const laneTop = [];
  const laneHeight = [];
  let y = 0;
  for (let l = 0; l < laneCount; l++) {
    laneTop.push(y);
    let inner = withLanes ? LANE_PADDING.top : 0;
    const tops = [];
    rowsOf[l].forEach((h, r) => {
      tops.push(y + inner);
      inner += h + (r < rowsOf[l].length - 1 ? V_GAP : 0);
    });
    rowTop.push(tops);
    const subs = subsOfLane(l);
    if (subs.length) inner += V_GAP + Math.max(...subs.map((s) => size.get(s).height));
    inner += withLanes ? LANE_PADDING.bottom : 0;
    laneHeight.push(withLanes ? Math.max(inner, 150) : inner);
    y += laneHeight[l];
  }

  const shapeOf = new Map();
  for (const n of gridNodes) {
    const s = size.get(n);
    const k = rank.get(n);
    const l = lane.get(n);
    const r = row.get(n);
    shapeOf.set(n, rect(colLeft[k] + (colWidth[k] - s.width) / 2, rowTop[l][r] + (rowsOf[l][r] - s.height) / 2,
      s.width, s.height));
  }
  // event sub-processes below the grid of their lane
  for (let l = 0; l < laneCount; l++) {
    const subs = subsOfLane(l);
    const lastRow = rowsOf[l].length - 1;
    const top = rowTop[l][lastRow] + rowsOf[l][lastRow] + V_GAP;
    let left = 0;
    for (const s of subs) {
      const sz = size.get(s);
      shapeOf.set(s, rect(left, top, sz.width, sz.height));
      left += sz.width + H_GAP;
    }
  }
  for (const [host, list] of boundaryOf) {
    const h = shapeOf.get(host);
    if (!h) continue;
    list.forEach((b, i) => {
      const cx = Math.round(h.x + (h.width * (i + 0.5)) / list.length);
      shapeOf.set(b, rect(cx - EVENT.width / 2, h.y + h.height - EVENT.height / 2, EVENT.width, EVENT.height));
    });
  }

  // ------------------------------------------------------------------ routing
  const obstacles = [...shapeOf.entries()];
  const gapAfter = (k) => colLeft[k] + colWidth[k] + gap[k] / 2;
  const gapBefore = (k) => colLeft[k] - (k > 0 ? gap[k - 1] : H_GAP) / 2;
  // horizontal channels: the middle of the gaps between rows, above the first and below the last row
  const rowBands = [];
  for (let l = 0; l < laneCount; l++) {
    rowsOf[l].forEach((h, r) => rowBands.push([rowTop[l][r], rowTop[l][r] + h]));
  }
  for (const s of eventSubs) rowBands.push([shapeOf.get(s).y, shapeOf.get(s).y + shapeOf.get(s).height]);
  rowBands.sort((a, b) => a[0] - b[0]);
  const channels = [];
  if (rowBands.length) channels.push(rowBands[0][0] - 25);
  for (let i = 0; i < rowBands.length - 1; i++) {
    const gapTop = Math.max(...rowBands.slice(0, i + 1).map((b) => b[1]));
    const gapBottom = rowBands[i + 1][0];
    if (gapBottom - gapTop >= 20) channels.push(Math.round((gapTop + gapBottom) / 2));
  }
  if (rowBands.length) channels.push(Math.max(...rowBands.map((b) => b[1])) + 30);
  const channelsBelow = (yy) => channels.filter((c) => c > yy + 10).slice(0, 3);
  const channelsAbove = (yy) => channels.filter((c) => c < yy - 10).reverse().slice(0, 3);

  const routed = [];
  const costOf = (points, exclude, preference) => {
    let collisions = 0;
    for (const [el, r] of obstacles) {
      if (exclude.has(el)) continue;
      if (segments(points).some((s) => segmentHitsRect(s, r))) collisions++;
    }
    let overlap = 0;
    let crossings = 0;
    for (const seg of segments(points)) {
      for (const other of routed) {
        for (const oseg of segments(other)) {
          const rel = segmentRelation(seg, oseg);
          overlap += rel.overlap;
          if (rel.cross) crossings++;
        }
      }
    }
    return collisions * 10000 + overlap * 3 + crossings * 25 + pathLength(points) * 0.3
      + (points.length - 2) * 15 + preference;
  };

  const routeEdge = (e) => {
    const u = e.from;
    const v = e.to;
    const S = shapeOf.get(e.boundary || u);
    const T = shapeOf.get(v);
    const ku = rank.get(u);
    const kv = rank.get(v);
    const exclude = new Set([u, v, e.boundary].filter(Boolean));
    const candidates = [];
    // ports: where a flow may leave the source and enter the target, with a small price for the unusual ones
    const exits = e.boundary ? [['bottom', 0]]
      : is(u, 'bpmn:Gateway') ? [['right', 0], ['bottom', 0], ['top', 5]]
        : [['right', 0], ['bottom', 40], ['top', 45]];
    const entries = is(v, 'bpmn:Gateway') ? [['left', 0], ['top', 5], ['bottom', 5]]
      : [['left', 0], ['top', 30], ['bottom', 30]];
    const lo = Math.min(S.y, T.y);
    const hi = Math.max(S.y + S.height, T.y + T.height);
    const chans = [...channels.filter((c) => c > lo - 1 && c < hi + 1), ...channelsBelow(hi), ...channelsAbove(lo)];
    const chanYs = [];
    for (const c of chans) for (const o of [0, 10, -10]) chanYs.push(c + o);
    const gapXs = (k, after) => [0, 10, -10].map((o) => (after ? gapAfter(k) : gapBefore(k)) + o);
    const xs = [...gapXs(ku, true), ...gapXs(kv, false)];
    const add = (points, price) => {
      const simple = simplify(points);
      if (valid(simple)) candidates.push({ points: simple, price });
    };
    let exitSide;
    let entrySide;
    // the first segment leaves in the port's direction, the last one enters the target in its direction
    const valid = (pts) => {
      if (pts.length < 2) return false;
      const [p0, p1] = pts;
      const q1 = pts[pts.length - 2];
      const q0 = pts[pts.length - 1];
      const leaves = { right: p1.x > p0.x && p1.y === p0.y, bottom: p1.y > p0.y && p1.x === p0.x,
        top: p1.y < p0.y && p1.x === p0.x }[exitSide];
      const enters = { left: q1.x < q0.x && q1.y === q0.y, top: q1.y < q0.y && q1.x === q0.x,
        bottom: q1.y > q0.y && q1.x === q0.x }[entrySide];
      return leaves && enters;
    };
    for (const [exit, exitPrice] of exits) {
      for (const [entry, entryPrice] of entries) {
        exitSide = exit;
        entrySide = entry;
        const P = ports[exit](S);
        const Q = ports[entry](T);
        const price = exitPrice + entryPrice;
        const hExit = exit === 'right';
        const hEntry = entry === 'left';
        if (hExit && hEntry) {
          add([P, Q], price);
          for (const x of xs) add([P, { x, y: P.y }, { x, y: Q.y }, Q], price);
        } else if (hExit) {
          add([P, { x: Q.x, y: P.y }, Q], price);
        } else if (hEntry) {
          add([P, { x: P.x, y: Q.y }, Q], price);
        }
        if (!hExit && !hEntry) {
          for (const y of chanYs) add([P, { x: P.x, y }, { x: Q.x, y }, Q], price);
        }
        // around, through a channel between rows
        for (const y of chanYs) {
          const start = hExit ? gapXs(ku, true).map((x) => [P, { x, y: P.y }, { x, y }]) : [[P, { x: P.x, y }]];
          for (const head of start) {
            if (hEntry) {
              for (const x of gapXs(kv, false)) add([...head, { x, y }, { x, y: Q.y }, Q], price);
            } else {
              add([...head, { x: Q.x, y }, Q], price);
            }
          }
        }
      }
    }
    if (!candidates.length) candidates.push({ points: simplify([ports.right(S), ports.left(T)]), price: 0 });
    let best = null;
    for (const { points, price } of candidates) {
      const cost = costOf(points, exclude, price);
      if (!best || cost < best.cost) best = { points, cost };
    }
    return best.points;
  };

  // straight edges first, then forward edges, then loops; each group in document order
  const routeOrder = [...edges].sort((a, b) => routeClass(a) - routeClass(b));
  function routeClass(e) {
    if (e.back) return 3;
    if (!e.boundary && row.get(e.from) === row.get(e.to) && lane.get(e.from) === lane.get(e.to)) return 0;
    return e.boundary ? 2 : 1;
  }
  for (const e of routeOrder) {
    const points = routeEdge(e);
    routed.push(points);
    result.edges.set(e.flow, points);
  }
  // flows not between grid nodes (e.g. to an event sub-process: not allowed in BPMN, drawn straight)
  for (const flow of flows) {
    if (result.edges.has(flow)) continue;
    const S = shapeOf.get(flow.sourceRef);
    const T = shapeOf.get(flow.targetRef);
    if (S && T) result.edges.set(flow, simplify([ports.right(S), ports.left(T)]));
  }

  // ------------------------------------------------------------------ labels
  const placedLabels = [];
  const allSegments = [...result.edges.values()].flatMap(segments);
  const labelCost = (box, ownSegments, host) => {
    let cost = 0;
    for (const [el, r] of obstacles) {
      if (el === host) continue;
      if (rectsOverlap(box, r, 2)) cost += 1000;
    }
    for (const s of allSegments) {
      if (ownSegments.includes(s)) continue;
      if (segmentHitsRect(s, rect(box.x - 2, box.y - 2, box.width + 4, box.height + 4), 0)) cost += 100;
    }
    for (const l of placedLabels) if (rectsOverlap(box, l, 3)) cost += 500;
    return cost;
  };
  const choose = (candidates, ownSegments, host) => {
    let best = null;
    candidates.forEach((box, i) => {
      const cost = labelCost(box, ownSegments, host) + i * 5;
      if (!best || cost < best.cost) best = { box, cost };
    });
    const box = { x: Math.round(best.box.x), y: Math.round(best.box.y), width: best.box.width, height: best.box.height };
    placedLabels.push(box);
    return box;
  };
  for (const [el, r] of shapeOf) {
    if (!(is(el, 'bpmn:Event') || is(el, 'bpmn:Gateway')) || !(el.name || '').trim()) continue;
    const { width, height } = labelSize(el.name);
    const c = center(r);
    const below = { x: c.x - width / 2, y: r.y + r.height + 3, width, height };
    const above = { x: c.x - width / 2, y: r.y - 3 - height, width, height };
    const belowLeft = { x: c.x - 6 - width, y: r.y + r.height + 3, width, height };
    const belowRight = { x: c.x + 6, y: r.y + r.height + 3, width, height };
    const aboveLeft = { x: c.x - 6 - width, y: r.y - 3 - height, width, height };
    const aboveRight = { x: c.x + 6, y: r.y - 3 - height, width, height };
    // beside a boundary event, just under its host's edge (clear of the lines in the gap below)
    const hostBottom = r.y + r.height / 2;
    const besideLeft = { x: r.x - 3 - width, y: hostBottom + 2, width, height };
    const besideRight = { x: r.x + r.width + 3, y: hostBottom + 2, width, height };
    const candidates = isBoundary(el)
      ? (boundarySlot(el) === 0 ? [belowLeft, belowRight, besideLeft, besideRight, below]
        : [belowRight, belowLeft, besideRight, besideLeft, below])
      : [below, above, belowLeft, belowRight, aboveLeft, aboveRight];
    result.labels.set(el, choose(candidates, [], isBoundary(el) ? el.attachedToRef : el));
  }
  for (const [flow, points] of result.edges) {
    if (!(flow.name || '').trim() || points.length < 2) continue;
    const { width, height } = labelSize(flow.name);
    const [a, b] = points;
    const own = allSegments.filter((s) => points.includes(s[0]) && points.includes(s[1]));
    let candidates;
    if (a.y === b.y) {
      const right = b.x > a.x;
      const x0 = right ? a.x + 12 : a.x - 12 - width;
      const mid = (a.x + b.x) / 2 - width / 2;
      candidates = [
        { x: x0, y: a.y - 3 - height, width, height }, { x: x0, y: a.y + 3, width, height },
        { x: mid, y: a.y - 3 - height, width, height }, { x: mid, y: a.y + 3, width, height }
      ];
    } else {
      const down = b.y > a.y;
      const y0 = down ? a.y + 5 : a.y - 5 - height;
      const mid = (a.y + b.y) / 2 - height / 2;
      candidates = [
        { x: a.x + 5, y: y0, width, height }, { x: a.x - 5 - width, y: y0, width, height },
        { x: a.x + 5, y: mid, width, height }, { x: a.x - 5 - width, y: mid, width, height }
      ];
    }
    result.labels.set(flow, choose(candidates, own, null));
  }

  // ------------------------------------------------------------------ result, with the inner content
  for (const [el, r] of shapeOf) result.shapes.set(el, { ...r, expanded: innerOf.has(el) ? true : undefined });
  for (const [sub, inner] of innerOf) {
    const r = shapeOf.get(sub);
    translate(inner, r.x + SUB_PADDING.left - inner.bbox.x, r.y + SUB_PADDING.top - inner.bbox.y);
    result.inner.push(inner);
  }
  if (withLanes) {
    options.lanes.forEach(({ lane: laneElement }, l) => {
      result.lanes.push({ lane: laneElement, y: laneTop[l], height: laneHeight[l] });
    });
  }
  result.bbox = bboxOf(result, withLanes ? { x: 0, y: 0, width: gridWidth, height: y } : null);
  result.gridWidth = gridWidth;
  return result;
}

function bboxOf(result, start) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (r) => {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + (r.width || 0));
    maxY = Math.max(maxY, r.y + (r.height || 0));
  };
  if (start) add(start);
  for (const r of result.shapes.values()) add(r);
  for (const r of result.labels.values()) add(r);
  for (const points of result.edges.values()) points.forEach(add);
  for (const inner of result.inner) add(inner.bbox);
  if (minX === Infinity) return rect(0, 0, 0, 0);
  return rect(minX, minY, maxX - minX, maxY - minY);
}

/** Moves a layout (and its inner layouts) by dx, dy. */
export function translate(result, dx, dy) {
  for (const r of result.shapes.values()) {
    r.x += dx;
    r.y += dy;
  }
  for (const r of result.labels.values()) {
    r.x += dx;
    r.y += dy;
  }
  for (const points of result.edges.values()) {
    for (const p of points) {
      p.x += dx;
      p.y += dy;
    }
  }
  for (const l of result.lanes) l.y += dy;
  result.bbox.x += dx;
  result.bbox.y += dy;
  for (const inner of result.inner) translate(inner, dx, dy);
}

// ------------------------------------------------------------------------------------------ DI

/**
 * Replaces the diagrams of a definitions element with generated ones.
 *
 * @param moddle the bpmn-moddle instance that read the definitions
 * @param options.expand / options.collapse: sub-process ids to draw expanded / collapsed
 * @param options.expandLimit: without a choice (option, or the old diagram), a sub-process is drawn expanded
 *   when it holds at most this many flow nodes (event sub-processes always expanded)
 * @returns the warnings
 */
export function layoutDefinitions(moddle, definitions, options = {}) {
  const warnings = [];
  const warn = (m) => warnings.push(m);
  const expand = new Set(options.expand || []);
  const collapse = new Set(options.collapse || []);
  const expandLimit = options.expandLimit ?? 8;

  // what the old diagram said about expansion
  const oldExpanded = new Map();
  for (const diagram of definitions.diagrams || []) {
    for (const di of (diagram.plane && diagram.plane.planeElement) || []) {
      if (di.bpmnElement && is(di.bpmnElement, 'bpmn:SubProcess') && di.isExpanded !== undefined) {
        oldExpanded.set(di.bpmnElement.id, di.isExpanded);
      }
    }
  }
  const expanded = (sub) => {
    if (expand.has(sub.id) || options.expandAll) return true;
    if (collapse.has(sub.id) || options.collapseAll) return false;
    if (oldExpanded.has(sub.id)) return oldExpanded.get(sub.id);
    if (sub.triggeredByEvent) return true;
    return (sub.flowElements || []).filter((e) => is(e, 'bpmn:FlowNode')).length <= expandLimit;
  };

  const roots = definitions.rootElements || [];
  const processes = roots.filter((r) => is(r, 'bpmn:Process'));
  for (const process of processes) completeFlowReferences(process);
  let collaborations = roots.filter((r) => is(r, 'bpmn:Collaboration'));

  // lanes need a participant: a collaboration as Modeler makes it
  for (const process of processes) {
    const hasLanes = (process.laneSets || []).some((s) => (s.lanes || []).length);
    const participant = collaborations.flatMap((c) => c.participants || []).find((p) => p.processRef === process);
    if (hasLanes && !participant) {
      let collaboration = collaborations[0];
      if (!collaboration) {
        collaboration = moddle.create('bpmn:Collaboration', { id: `Collaboration_${process.id}`, participants: [] });
        collaboration.$parent = definitions;
        roots.unshift(collaboration);
        collaborations = [collaboration];
      }
      const p = moddle.create('bpmn:Participant', {
        id: `Participant_${process.id}`, name: process.name, processRef: process
      });
      p.$parent = collaboration;
      collaboration.get('participants').push(p);
    }
  }

  const diagrams = [];
  const collapsed = [];
  const planeElements = [];
  const common = { expanded, collapsed, warn };

  const emit = (layout, elements) => {
    for (const [el, r] of layout.shapes) {
      const attrs = { id: `${el.id}_di`, bpmnElement: el, bounds: bounds(moddle, r) };
      if (is(el, 'bpmn:ExclusiveGateway')) attrs.isMarkerVisible = true;
      if (r.expanded) attrs.isExpanded = true;
      if (layout.labels.has(el)) {
        attrs.label = moddle.create('bpmndi:BPMNLabel', { bounds: bounds(moddle, layout.labels.get(el)) });
      }
      elements.push(moddle.create('bpmndi:BPMNShape', attrs));
      const inner = layout.inner.find((i) => i.owner === el);
      if (inner) emit(inner, elements);
    }
    for (const [flow, points] of layout.edges) {
      const attrs = {
        id: `${flow.id}_di`, bpmnElement: flow,
        waypoint: points.map((p) => moddle.create('dc:Point', { x: p.x, y: p.y }))
      };
      if (layout.labels.has(flow)) {
        attrs.label = moddle.create('bpmndi:BPMNLabel', { bounds: bounds(moddle, layout.labels.get(flow)) });
      }
      elements.push(moddle.create('bpmndi:BPMNEdge', attrs));
    }
  };

  const layoutOf = (container, lanes) => layoutContainer(container, { ...common, lanes });

  if (collaborations.length) {
    const collaboration = collaborations[0];
    let top = PARTICIPANT_ORIGIN.y;
    for (const participant of collaboration.participants || []) {
      const process = participant.processRef;
      if (!process) continue;
      const lanes = (process.laneSets || []).flatMap((s) => leafLanes(s.lanes || []))
        .map((lane) => ({ lane, nodes: new Set(lane.flowNodeRef || []) }));
      const layout = layoutOf(process, lanes.length ? lanes : null);
      const contentLeft = PARTICIPANT_ORIGIN.x + PARTICIPANT_LABEL + (lanes.length ? LANE_LABEL : 0) + 40;
      translate(layout, contentLeft - Math.min(0, layout.bbox.x), top - (lanes.length ? 0 : layout.bbox.y - 40));
      const right = layout.bbox.x + layout.bbox.width + 50;
      const height = lanes.length ? layout.lanes.reduce((s, l) => s + l.height, 0)
        : layout.bbox.height + 80;
      const width = right - PARTICIPANT_ORIGIN.x;
      planeElements.push(moddle.create('bpmndi:BPMNShape', {
        id: `${participant.id}_di`, bpmnElement: participant, isHorizontal: true,
        bounds: moddle.create('dc:Bounds', { x: PARTICIPANT_ORIGIN.x, y: top, width, height })
      }));
      for (const l of layout.lanes) {
        planeElements.push(moddle.create('bpmndi:BPMNShape', {
          id: `${l.lane.id}_di`, bpmnElement: l.lane, isHorizontal: true,
          bounds: moddle.create('dc:Bounds', {
            x: PARTICIPANT_ORIGIN.x + PARTICIPANT_LABEL, y: l.y, width: width - PARTICIPANT_LABEL, height: l.height
          })
        }));
      }
      emit(layout, planeElements);
      top += height + 60;
    }
    diagrams.push(diagram(moddle, 'BPMNDiagram_1', 'BPMNPlane_1', collaboration, planeElements));
    for (const process of processes) {
      if (!(collaboration.participants || []).some((p) => p.processRef === process)) {
        warn(`${process.id}: not in the collaboration, drawn in a diagram of its own`);
        const elements = [];
        const layout = layoutOf(process, null);
        translate(layout, ORIGIN.x - layout.bbox.x, ORIGIN.y - layout.bbox.y);
        emit(layout, elements);
        diagrams.push(diagram(moddle, `BPMNDiagram_${process.id}`, `BPMNPlane_${process.id}`, process, elements));
      }
    }
  } else {
    processes.forEach((process, i) => {
      const elements = i === 0 ? planeElements : [];
      const layout = layoutOf(process, null);
      translate(layout, ORIGIN.x - layout.bbox.x, ORIGIN.y - layout.bbox.y);
      emit(layout, elements);
      diagrams.push(i === 0 ? diagram(moddle, 'BPMNDiagram_1', 'BPMNPlane_1', process, elements)
        : diagram(moddle, `BPMNDiagram_${process.id}`, `BPMNPlane_${process.id}`, process, elements));
    });
  }

  // collapsed sub-processes: a diagram each (Modeler's drill-down), found while laying out
  for (let i = 0; i < collapsed.length; i++) {
    const sub = collapsed[i];
    const elements = [];
    const layout = layoutOf(sub, null);
    translate(layout, ORIGIN.x - layout.bbox.x, ORIGIN.y - layout.bbox.y);
    emit(layout, elements);
    diagrams.push(diagram(moddle, `BPMNDiagram_${sub.id}`, `BPMNPlane_${sub.id}`, sub, elements));
  }

  definitions.set('diagrams', diagrams);
  return warnings;
}

/**
 * Adds the <incoming>/<outgoing> references a hand-written model may leave out (Modeler writes them and
 * keeps them up to date; the engine does not need them).
 */
function completeFlowReferences(container) {
  for (const flow of (container.flowElements || []).filter((e) => is(e, 'bpmn:SequenceFlow'))) {
    const source = flow.sourceRef;
    const target = flow.targetRef;
    if (source && !source.get('outgoing').includes(flow)) source.get('outgoing').push(flow);
    if (target && !target.get('incoming').includes(flow)) target.get('incoming').push(flow);
  }
  for (const sub of (container.flowElements || []).filter((e) => is(e, 'bpmn:SubProcess'))) {
    completeFlowReferences(sub);
  }
}

function leafLanes(lanes) {
  const out = [];
  for (const lane of lanes) {
    if (lane.childLaneSet && (lane.childLaneSet.lanes || []).length) out.push(...leafLanes(lane.childLaneSet.lanes));
    else out.push(lane);
  }
  return out;
}

function bounds(moddle, r) {
  return moddle.create('dc:Bounds', { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width),
    height: Math.round(r.height) });
}

function diagram(moddle, id, planeId, element, planeElements) {
  const plane = moddle.create('bpmndi:BPMNPlane', { id: planeId, bpmnElement: element, planeElement: planeElements });
  return moddle.create('bpmndi:BPMNDiagram', { id, plane });
}
