import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { decodePng, readPngSize, PngError } from './png-image.js';
import { buildZip, readZip } from './zip-archive.js';

/**
 * Builds the Teams app package (manifest.json + localization files + icons at the zip root) from
 * manifest/manifest.template.json, and checks it offline: official JSON schema bundled with
 * @microsoft/app-manifest, plus the rules the schema cannot express (icons, domains, leftovers).
 * Pure functions are exported for the tests; scripts/package-app.ts is the command-line wrapper.
 */

export { readPngSize } from './png-image.js';
export { buildZip, readZip, type ZipEntry } from './zip-archive.js';

export const MANIFEST_TEMPLATE = 'manifest.template.json';
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Thrown with every problem found, so one run lists them all. */
export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

// Same syntax as the Teams/Agents Toolkit: ${{NAME}}, optional spaces inside the braces.
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the ${{NAME}} placeholders in `text`, unique, in order of appearance. */
export function findPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export interface FillResult {
  text: string;
  /** Placeholders with no value (undefined or empty); they are left in `text` untouched. */
  missing: string[];
}

/**
 * Replaces ${{NAME}} in JSON text. Values are escaped as JSON string content, so a value can never
 * break out of the string it is placed in.
 */
export function fillPlaceholders(text: string, vars: Readonly<Record<string, string | undefined>>): FillResult {
  const missing = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: filled, missing: [...missing] };
}

/**
 * Parses a Toolkit-style env file (KEY=VALUE lines, # comments, optional surrounding quotes).
 * No interpolation and no inline comments, matching how the Toolkit writes these files.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) value = value.slice(1, -1);
    vars[key] = value;
  }
  return vars;
}

// --- schema validation (offline) -------------------------------------------------------------

const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/(v[0-9]+\.[0-9]+|vDevPreview)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

function bundledSchemaPath(schemaUrl: string): string | undefined {
  const match = SCHEMA_URL.exec(schemaUrl);
  if (!match) return undefined;
  const packageEntry = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  return path.join(path.dirname(packageEntry), 'json-schemas', 'teams', match[1]!, match[2]!);
}

/**
 * Validates against the JSON schema named by the document's $schema, which must be one bundled
 * with @microsoft/app-manifest: AppManifestUtils.fetchSchema then reads the local copy, so this
 * never touches the network (ManifestUtil.validateManifest would download it and fail offline).
 */
async function validateAgainstBundledSchema(document: unknown, kind: 'manifest' | 'localization'): Promise<string[]> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return [`${kind} is not a JSON object`];
  const schemaUrl = (document as { $schema?: unknown }).$schema;
  const expectedFile = kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json';
  if (typeof schemaUrl !== 'string' || !schemaUrl.endsWith(`/${expectedFile}`)) {
    return [`$schema must be https://developer.microsoft.com/json-schemas/teams/v<version>/${expectedFile}`];
  }
  const local = bundledSchemaPath(schemaUrl);
  if (!local || !existsSync(local))
    return [`$schema ${schemaUrl} is not bundled with @microsoft/app-manifest (offline validation impossible)`];
  const schema = makePatternsUnicodeSafe(await AppManifestUtils.fetchSchema(schemaUrl));
  return AppManifestUtils.validateAgainstSchema(document as AppManifest, schema as typeof schema);
}

/**
 * Escapes a `]` that closes no character class. Every bundled Localization schema (v1.8–v1.30)
 * has a patternProperties key like `activityTypes\[\b(...)\b]\.description`; the lone `]` is
 * legal in a plain RegExp but ajv compiles patterns with the `u` flag, where it is a syntax error,
 * so the schema would not compile at all. The escaped form matches exactly the same strings.
 */
export function unicodeSafePattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    let out = '';
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === '\\') {
        out += ch + (pattern[i + 1] ?? '');
        i++;
      } else if (ch === '[' && !inClass) {
        inClass = true;
        out += ch;
      } else if (ch === ']') {
        out += inClass ? ch : '\\]';
        inClass = false;
      } else out += ch;
    }
    return out;
  }
}

function makePatternsUnicodeSafe<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item: unknown) => makePatternsUnicodeSafe(item)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'pattern' && typeof value === 'string') out[key] = unicodeSafePattern(value);
    else if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([p, schema]) => [unicodeSafePattern(p), makePatternsUnicodeSafe(schema)]));
    } else out[key] = makePatternsUnicodeSafe(value);
  }
  return out as T;
}

// --- rules the schema cannot express ---------------------------------------------------------

interface ManifestShape {
  manifestVersion?: unknown;
  id?: unknown;
  validDomains?: unknown;
  staticTabs?: Array<{ contentUrl?: unknown; websiteUrl?: unknown; searchUrl?: unknown }>;
  configurableTabs?: Array<{ configurationUrl?: unknown }>;
  webApplicationInfo?: { id?: unknown; resource?: unknown };
  bots?: Array<{ commandLists?: Array<{ commands?: Array<{ title?: unknown }> }> }>;
  icons?: { color?: unknown; outline?: unknown };
  localizationInfo?: { defaultLanguageFile?: unknown; additionalLanguages?: Array<{ file?: unknown }> };
}

function domainAllowed(host: string, validDomains: readonly string[]): boolean {
  const h = host.toLowerCase();
  return validDomains.some((raw) => {
    const d = raw.toLowerCase();
    return d.startsWith('*.') ? h.endsWith(d.slice(1)) && h.length > d.length - 1 : h === d;
  });
}

/** Cross-field rules: no leftover placeholders, tab URLs and the SSO resource inside validDomains. */
export function checkManifestRules(manifest: unknown): string[] {
  const problems: string[] = [];
  const leftovers = findPlaceholders(JSON.stringify(manifest));
  if (leftovers.length) problems.push(`unfilled placeholders: ${leftovers.join(', ')}`);
  const m = manifest as ManifestShape;
  const validDomains = Array.isArray(m.validDomains) ? m.validDomains.filter((d): d is string => typeof d === 'string') : [];

  const urls: Array<[string, unknown]> = [];
  m.staticTabs?.forEach((tab, i) => {
    urls.push(
      [`staticTabs[${i}].contentUrl`, tab.contentUrl],
      [`staticTabs[${i}].websiteUrl`, tab.websiteUrl],
      [`staticTabs[${i}].searchUrl`, tab.searchUrl],
    );
  });
  m.configurableTabs?.forEach((tab, i) => urls.push([`configurableTabs[${i}].configurationUrl`, tab.configurationUrl]));
  for (const [where, value] of urls) {
    if (typeof value !== 'string') continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push(`${where} is not a URL`);
      continue;
    }
    if (url.protocol !== 'https:') problems.push(`${where} must use https`);
    else if (!domainAllowed(url.host, validDomains)) problems.push(`${where} host ${url.host} is not in validDomains`);
  }

  const app = m.webApplicationInfo;
  if (app && typeof app.resource === 'string') {
    // Tab SSO fails with resourceDisabled unless the resource is api://<domain>/<client id>.
    const match = /^api:\/\/([^/]+)\/(.+)$/.exec(app.resource);
    if (!match) problems.push('webApplicationInfo.resource must be api://<domain>/<client id>');
    else {
      if (match[2] !== app.id) problems.push('webApplicationInfo.resource must end with webApplicationInfo.id');
      if (!domainAllowed(match[1]!, validDomains)) problems.push(`webApplicationInfo.resource domain ${match[1]} is not in validDomains`);
    }
  }

  m.bots?.forEach((bot, b) =>
    bot.commandLists?.forEach((list, l) => {
      const titles = (list.commands ?? []).map((c) => String(c.title).toLowerCase());
      const duplicate = titles.find((t, i) => titles.indexOf(t) !== i);
      if (duplicate) problems.push(`bots[${b}].commandLists[${l}] lists command "${duplicate}" twice`);
    }),
  );

  for (const [where, file] of packageFileReferences(m)) {
    if (path.posix.basename(file) !== file) problems.push(`${where} must name a file at the package root, not ${file}`);
  }
  return problems;
}

function packageFileReferences(m: ManifestShape): Array<[string, string]> {
  const refs: Array<[string, string]> = [];
  if (typeof m.icons?.color === 'string') refs.push(['icons.color', m.icons.color]);
  if (typeof m.icons?.outline === 'string') refs.push(['icons.outline', m.icons.outline]);
  if (typeof m.localizationInfo?.defaultLanguageFile === 'string')
    refs.push(['localizationInfo.defaultLanguageFile', m.localizationInfo.defaultLanguageFile]);
  m.localizationInfo?.additionalLanguages?.forEach((lang, i) => {
    if (typeof lang.file === 'string') refs.push([`localizationInfo.additionalLanguages[${i}].file`, lang.file]);
  });
  return refs;
}

/** Schema errors plus cross-field rule violations; empty when the manifest is valid. */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  const schemaErrors = await validateAgainstBundledSchema(manifest, 'manifest');
  return [...schemaErrors, ...checkManifestRules(manifest)];
}

// Localization keys that point into the manifest, e.g. bots[0].commandLists[1].commands[3].title.
const INDEXED_KEY = /^(staticTabs|bots)\[(\d+)\](?:\.commandLists\[(\d+)\]\.commands\[(\d+)\])?\./;

/** Validates a localization file against its bundled schema and against the manifest it translates. */
export async function validateLocalization(localization: unknown, manifest: unknown): Promise<string[]> {
  const problems = await validateAgainstBundledSchema(localization, 'localization');
  if (typeof localization !== 'object' || localization === null) return problems;
  const leftovers = findPlaceholders(JSON.stringify(localization));
  if (leftovers.length) problems.push(`unfilled placeholders: ${leftovers.join(', ')}`);
  const m = manifest as ManifestShape;
  for (const key of Object.keys(localization)) {
    const match = INDEXED_KEY.exec(key);
    if (!match) continue;
    const [, root, first, list, command] = match;
    const exists =
      root === 'staticTabs'
        ? m.staticTabs?.[Number(first)] !== undefined
        : list === undefined || m.bots?.[Number(first)]?.commandLists?.[Number(list)]?.commands?.[Number(command)] !== undefined;
    if (!exists) problems.push(`key ${key} refers to nothing in the manifest`);
  }
  return problems;
}

// --- icons -----------------------------------------------------------------------------------

/** Outline icon pixels must be white or fully transparent (Teams recolours it). */
export function outlineIconProblems(png: Buffer): string[] {
  let image;
  try {
    image = decodePng(png);
  } catch (error) {
    return [`outline icon cannot be checked: ${error instanceof Error ? error.message : String(error)}`];
  }
  let offending = 0;
  let opaqueOrPartial = 0;
  for (let i = 0; i < image.pixels.length; i += 4) {
    const alpha = image.pixels[i + 3]!;
    if (alpha === 0) continue;
    opaqueOrPartial++;
    if (image.pixels[i] !== 255 || image.pixels[i + 1] !== 255 || image.pixels[i + 2] !== 255) offending++;
  }
  const problems: string[] = [];
  if (offending) problems.push(`outline icon has ${offending} visible pixel(s) that are not white`);
  if (opaqueOrPartial === image.width * image.height) problems.push('outline icon has no transparent background');
  if (opaqueOrPartial === 0) problems.push('outline icon is fully transparent');
  return problems;
}

/** Sizes (colour 192×192, outline 32×32) and the outline's white-on-transparent rule. */
export function checkIcons(icons: { color: Buffer; outline: Buffer }): string[] {
  const problems: string[] = [];
  const expect = (label: string, png: Buffer, size: number): boolean => {
    try {
      const { width, height } = readPngSize(png);
      if (width !== size || height !== size) {
        problems.push(`${label} icon is ${width}×${height}, expected ${size}×${size}`);
        return false;
      }
      return true;
    } catch (error) {
      problems.push(`${label} icon: ${error instanceof PngError ? error.message : String(error)}`);
      return false;
    }
  };
  expect('colour', icons.color, COLOR_ICON_SIZE);
  if (expect('outline', icons.outline, OUTLINE_ICON_SIZE)) problems.push(...outlineIconProblems(icons.outline));
  return problems;
}

// --- the whole package -----------------------------------------------------------------------

export interface AppPackage {
  zip: Buffer;
  /** Entry names in the zip, in order. */
  entries: string[];
  manifest: Record<string, unknown>;
}

async function readPackageFile(dir: string, name: string, problems: string[]): Promise<Buffer | undefined> {
  try {
    return await readFile(path.join(dir, name));
  } catch {
    problems.push(`${name} is referenced by the manifest but missing from ${dir}`);
    return undefined;
  }
}

/**
 * Fills the template and its localization files from `vars`, validates everything and returns the
 * zip. Throws AppPackageError listing every problem (unfilled placeholders first).
 */
export async function buildAppPackage(options: {
  manifestDir: string;
  vars: Readonly<Record<string, string | undefined>>;
}): Promise<AppPackage> {
  const { manifestDir, vars } = options;
  const template = await readFile(path.join(manifestDir, MANIFEST_TEMPLATE), 'utf8');
  const missing = new Map<string, Set<string>>();
  const note = (file: string, names: string[]) => names.forEach((n) => (missing.get(n) ?? missing.set(n, new Set()).get(n)!).add(file));

  const filledManifest = fillPlaceholders(template, vars);
  note(MANIFEST_TEMPLATE, filledManifest.missing);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(filledManifest.text) as Record<string, unknown>;
  } catch (error) {
    throw new AppPackageError([`${MANIFEST_TEMPLATE} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }

  const problems: string[] = [];
  const references = packageFileReferences(manifest as ManifestShape);
  const localizationNames = references.filter(([where]) => where.startsWith('localizationInfo')).map(([, file]) => file);
  const localizations: Array<{ name: string; text: string }> = [];
  for (const name of localizationNames) {
    const raw = await readPackageFile(manifestDir, name, problems);
    if (!raw) continue;
    const filled = fillPlaceholders(raw.toString('utf8'), vars);
    note(name, filled.missing);
    localizations.push({ name, text: filled.text });
  }

  if (missing.size) {
    throw new AppPackageError(
      [...missing].map(
        ([name, files]) =>
          `unfilled placeholder \${{${name}}} (in ${[...files].join(', ')}): set ${name} in env/.env.<env> or the environment`,
      ),
    );
  }

  problems.push(...(await validateManifest(manifest)).map((p) => `manifest.json: ${p}`));
  for (const loc of localizations) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(loc.text);
    } catch (error) {
      problems.push(`${loc.name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    problems.push(...(await validateLocalization(parsed, manifest)).map((p) => `${loc.name}: ${p}`));
  }

  const icons = manifest.icons as { color?: unknown; outline?: unknown } | undefined;
  const colorName = typeof icons?.color === 'string' ? icons.color : undefined;
  const outlineName = typeof icons?.outline === 'string' ? icons.outline : undefined;
  const color = colorName ? await readPackageFile(manifestDir, colorName, problems) : undefined;
  const outline = outlineName ? await readPackageFile(manifestDir, outlineName, problems) : undefined;
  if (color && outline) problems.push(...checkIcons({ color, outline }));
  if (problems.length || !color || !outline || !colorName || !outlineName) {
    throw new AppPackageError(problems.length ? problems : ['icons missing from the manifest']);
  }

  const entries = [
    { name: 'manifest.json', data: Buffer.from(filledManifest.text, 'utf8') },
    ...localizations.map((loc) => ({ name: loc.name, data: Buffer.from(loc.text, 'utf8') })),
    { name: colorName, data: color },
    { name: outlineName, data: outline },
  ];
  const zip = buildZip(entries);
  // Read it back: a zip we cannot read ourselves would not be accepted by Teams either.
  const roundTrip = readZip(zip);
  if (roundTrip.length !== entries.length || roundTrip.some((e, i) => !e.data.equals(entries[i]!.data))) {
    throw new AppPackageError(['the written zip does not read back identically']);
  }
  return { zip, entries: entries.map((e) => e.name), manifest };
}
