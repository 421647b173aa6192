/**
 * `npm run bench:profile -- <file.cpuprofile> [more…] [--requests <n>,…] [--detail]`: where a question turn's CPU time
 * goes, per step of the hot path, from a V8 CPU profile (e.g. `npm run bench:load -- --cpu-prof profiles`,
 * which profiles each bot child during the measured run only).
 *
 * Each sample is charged to the step of the frame nearest the leaf that names one: app files first
 * (inbound-auth.ts → inbound guard, dedupe.ts → dedupe, …), then libraries (jose → inbound guard,
 * minisearch → search, pino → logging, …). Work that runs after an `await` has no app frame left on its
 * stack (V8 profiles do not keep async callers), so a database query's driver time shows as "database
 * driver" rather than under the step that issued it (to see which step issued a query, count the queries
 * per turn, as docs/hot-path-profile.md round 6 did with a counting Kysely plugin). App files match as .ts
 * (children under tsx) or .js
 * (compiled, bench:load's default since round 6).
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Steps in the order of a turn; the rules map a frame (url, function name) to one of them. */
export const STEPS = [
  'HTTP server + restify (body parse)',
  'inbound guard (JWT check, ours)',
  'dedupe',
  'botbuilder token check + turn set-up',
  'user resolution',
  'installation/user bookkeeping',
  'profiles + membership greeting',
  'language detection',
  'search (analyzer + minisearch)',
  'n-gram signal',
  're-rank + passages',
  'card building (+ language stamp)',
  'storing unanswered questions',
  'reply (connector call, outbound HTTP)',
  'router + feature glue',
  'logging (pino + redaction)',
  'zod parsing',
  'database driver (kysely + SQLite/pg)',
  'other app code',
  'other library / node internals',
  'garbage collection',
  'idle',
] as const;
export type Step = (typeof STEPS)[number];

type Rule = [RegExp, Step, RegExp?];

/** App files: matched before any library rule (the nearest app frame names the step). */
const APP_RULES: Rule[] = [
  [/bot\/teams\/(inbound-auth|verified-tokens)\.[jt]s/, 'inbound guard (JWT check, ours)'],
  [/bot\/teams\/dedupe\.[jt]s|store\/reliability-repository\.[jt]s/, 'dedupe'],
  [/bot\/auth\/resolve-user\.[jt]s|store\/users-repository\.[jt]s/, 'user resolution'],
  [/bot\/teams\/installations\.[jt]s|store\/conversations-repository\.[jt]s/, 'installation/user bookkeeping'],
  [
    /guidance\/escalation\/record-question\.[jt]s|store\/guidance-repository\.[jt]s|escalation\/text-input\.[jt]s/,
    'storing unanswered questions',
  ],
  [/bot\/teams\/profiles\.[jt]s|features\/membership\/|store\/(profiles|membership)-repository\.[jt]s/, 'profiles + membership greeting'],
  // The reply language of the turn (router) and the search's own guess: the same detector.
  [/bot\/i18n\/reply-language\.[jt]s|guidance\/language(-scores)?\.[jt]s/, 'language detection'],
  // Issue 11's character n-gram similarity (a re-ranker feature, and the article it pulls into the head).
  [/guidance\/ngram-similarity\.[jt]s/, 'n-gram signal'],
  // The per-candidate features (passage share, curated share, the article classifier), the re-ranker, the decision and the
  // passages shown (with the asked-fact choice).
  [/guidance\/(answer-text|decision|passage-cache|article-classifier|asked-fact)\.[jt]s/, 're-rank + passages'],
  [/guidance\/engine\.[jt]s/, 're-rank + passages', /^(rerank|)$/],
  [/guidance\/search-index\.[jt]s/, 're-rank + passages', /^(curatedShare|unknownShare)$/],
  [/guidance\/(engine|search-index|analyzer|fuzzy|lexicon|question-input|bands)\.[jt]s/, 'search (analyzer + minisearch)'],
  [/guidance\/cards\.[jt]s|bot\/cards\/|bot\/teams\/card-language\.[jt]s|bot\/i18n\//, 'card building (+ language stamp)'],
  [/bot\/log\.[jt]s|bot\/privacy\.[jt]s/, 'logging (pino + redaction)'],
  [/bot\/teams\/adapter\.[jt]s/, 'reply (connector call, outbound HTTP)'],
  [/bot\/teams\/(router|reply|activity-input)\.[jt]s|guidance\/feature\.[jt]s|bot\/server\.[jt]s/, 'router + feature glue'],
  [/\/bot\/|\/bench\//, 'other app code'],
];

const GLUE = new Set<Step>(['router + feature glue', 'other app code']);

/**
 * Shared helpers (the analyzer, word weights, the LRU caches) work for whichever step called them: the language
 * detector stems the question's words, the re-ranker weighs them. A sample in one goes to the nearest
 * caller that names a step, and to the helper's own step only when no caller does.
 */
const SHARED_HELPERS: Array<[RegExp, RegExp?]> = [
  [/guidance\/(analyzer|lexicon|fuzzy)\.[jt]s/],
  [/guidance\/search-index\.[jt]s/, /^wordWeight$/],
  [/bot\/lru-cache\.[jt]s/],
];
const isSharedHelper = (frame: ProfileNode['callFrame']) =>
  SHARED_HELPERS.some(([url, fn]) => url.test(frame.url) && (!fn || fn.test(frame.functionName)));

const LIBRARY_RULES: Rule[] = [
  [/node_modules\/jose\//, 'inbound guard (JWT check, ours)'],
  [/node_modules\/(minisearch|@orama)\//, 'search (analyzer + minisearch)'],
  [/node_modules\/adaptivecards/, 'card building (+ language stamp)'],
  [/node_modules\/(pino|pino-std-serializers|sonic-boom|fast-redact|thread-stream|on-exit-leak-free)\//, 'logging (pino + redaction)'],
  [/node_modules\/zod\//, 'zod parsing'],
  [/node_modules\/(kysely|better-sqlite3|pg|pg-pool|pg-protocol|pg-types)\//, 'database driver (kysely + SQLite/pg)'],
  [
    /node_modules\/(undici|@azure|botframework-connector\/lib\/connectorApi|botframework-connector\/lib\/teams)/,
    'reply (connector call, outbound HTTP)',
  ],
  [
    /node_modules\/(botbuilder|botbuilder-core|botframework-connector|botframework-schema|jsonwebtoken|jws|jwa|@azure\/msal|openssl-wrapper|botbuilder-stdlib|dayjs)/,
    'botbuilder token check + turn set-up',
  ],
  [
    /node_modules\/(restify|find-my-way|formidable|qs|send|mime|negotiator|csv|spdy|http-signature|assert-plus|verror|lru-cache)/,
    'HTTP server + restify (body parse)',
  ],
  [
    /^node:(_http|http|net|stream|internal\/streams|_stream)|^node:internal\/(http|net|stream_base|streams|child_process)/,
    'HTTP server + restify (body parse)',
  ],
];

function stepOf(url: string, functionName: string, rules: Rule[]): Step | null {
  for (const [pattern, step, fn] of rules) if (pattern.test(url) && (!fn || fn.test(functionName))) return step;
  return null;
}

export interface StepTable {
  totalMs: number;
  busyMs: number;
  byStep: Map<Step, number>;
  topFunctions: Array<{ name: string; ms: number }>;
  /** The hottest functions (self time) within each step. */
  topByStep: Map<Step, Array<{ name: string; ms: number }>>;
}

export function summarise(profile: Profile): StepTable {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stepCache = new Map<number, Step>();
  const onStack = (leafId: number, test: (frame: ProfileNode['callFrame']) => boolean) => {
    for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) if (test(byId.get(id)!.callFrame)) return true;
    return false;
  };
  const classify = (leafId: number): Step => {
    const cached = stepCache.get(leafId);
    if (cached) return cached;
    const leaf = byId.get(leafId)!;
    const name = leaf.callFrame.functionName;
    let step: Step | null = null;
    if (name === '(garbage collector)') step = 'garbage collection';
    else if (onStack(leafId, (frame) => frame.url === 'node:inspector'))
      step = 'idle'; // the profiler itself (Profiler.stop)
    else if (name === '(idle)' || name === '(program)') step = 'idle';
    if (!step) {
      let libraryStep: Step | null = null;
      let helperStep: Step | null = null;
      for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)!.callFrame;
        const app = stepOf(frame.url, frame.functionName, APP_RULES);
        if (app && isSharedHelper(frame)) {
          helperStep ??= app;
          continue;
        }
        // Glue (router, server, the echo handler) only passes work on: what a library does below it is
        // that library's step (sendActivity → connector), not the glue's.
        if (app && GLUE.has(app) && libraryStep) {
          step = libraryStep;
          break;
        }
        if (app) {
          step = app;
          break;
        }
        libraryStep ??= stepOf(frame.url, frame.functionName, LIBRARY_RULES);
      }
      step ??= helperStep ?? libraryStep ?? 'other library / node internals';
    }
    stepCache.set(leafId, step);
    return step;
  };
  const byStep = new Map<Step, number>();
  const selfByFunction = new Map<string, number>();
  const selfByStepFunction = new Map<Step, Map<string, number>>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const step = classify(id);
    byStep.set(step, (byStep.get(step) ?? 0) + ms);
    if (step === 'idle') return;
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(bot|bench|test)\//, '$1/')}:${frame.lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + ms);
    const inStep = selfByStepFunction.get(step) ?? new Map<string, number>();
    inStep.set(key, (inStep.get(key) ?? 0) + ms);
    selfByStepFunction.set(step, inStep);
  });
  const busyMs = totalMs - (byStep.get('idle') ?? 0);
  const topFunctions = [...selfByFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, ms]) => ({ name, ms }));
  const topByStep = new Map<Step, Array<{ name: string; ms: number }>>();
  for (const [step, functions] of selfByStepFunction) {
    topByStep.set(
      step,
      [...functions]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, ms]) => ({ name, ms })),
    );
  }
  return { totalMs, busyMs, byStep, topFunctions, topByStep };
}

export function formatTable(tables: Array<{ label: string; table: StepTable; requests: number }>): string {
  const widths = [40, ...tables.map(() => 20)];
  const line = (cells: Array<string | number>) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ');
  const rows = [
    line(['step (CPU ms per request, % of busy)', ...tables.map((t) => t.label)]),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
  ];
  for (const step of STEPS) {
    if (step === 'idle') continue;
    if (tables.every(({ table }) => (table.byStep.get(step) ?? 0) === 0)) continue;
    rows.push(
      line([
        step,
        ...tables.map(({ table, requests }) => {
          const ms = table.byStep.get(step) ?? 0;
          return `${(ms / requests).toFixed(3)} (${((ms / table.busyMs) * 100).toFixed(1)}%)`;
        }),
      ]),
    );
  }
  rows.push(line(['total busy CPU per request', ...tables.map(({ table, requests }) => (table.busyMs / requests).toFixed(3))]));
  return rows.join('\n');
}

function main(): void {
  const files = process.argv.slice(2).filter((a, i, all) => a.endsWith('.cpuprofile') && all[i - 1] !== '--requests');
  const requestsIndex = process.argv.indexOf('--requests');
  const requests = requestsIndex > 0 ? process.argv[requestsIndex + 1]!.split(',').map(Number) : [];
  if (files.length === 0) {
    console.error('usage: npm run bench:profile -- <file.cpuprofile> [more…] [--requests n1,n2,…]');
    process.exit(2);
  }
  const tables = files.map((file, i) => ({
    label: path.basename(file, '.cpuprofile'),
    table: summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile),
    requests: requests[i] ?? 1,
  }));
  console.log(formatTable(tables));
  const detail = process.argv.includes('--detail');
  for (const { label, table } of tables) {
    console.log(`\nhottest functions (self time), ${label}:`);
    for (const { name, ms } of table.topFunctions) console.log(`  ${((ms / table.busyMs) * 100).toFixed(1).padStart(5)}%  ${name}`);
    if (!detail) continue;
    for (const step of STEPS) {
      const top = table.topByStep.get(step);
      if (!top || step === 'idle') continue;
      console.log(`\n  ${step}, ${label}:`);
      for (const { name, ms } of top) console.log(`    ${((ms / table.busyMs) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
