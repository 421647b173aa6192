/**
 * ESLint rule `boundaries/one-way-imports`: the README's one-way import rule, checked on resolved
 * paths (not on the text of the specifier, which differs with folder depth).
 *
 * The code is cut into parts (see `partOf`), and the rule's options say which parts each part may
 * import (`allow`), plus named exceptions that each carry a reason. A feature may import its own files
 * freely and another feature only through that feature's `index.ts`. Only relative imports are
 * checked; packages are left to `no-restricted-imports`.
 */
import path from 'node:path';

/** Which part of the code a repository-relative path belongs to, or null when the rule ignores it. */
export function partOf(relativePath) {
  const p = relativePath.split(path.sep).join('/');
  let m;
  if ((m = /^bot\/features\/([^/]+)\/(.+)$/.exec(p))) return { part: 'feature', feature: m[1], rest: m[2] };
  if (/^bot\/features\/[^/]+$/.test(p)) return { part: 'features-shared' };
  if ((m = /^bot\/(teams|store|cards|i18n|auth)\//.exec(p))) return { part: m[1] };
  if (/^bot\/tab-api\//.test(p)) return { part: 'tab-api' };
  if (/^bot\/(index|app|server)\.[cm]?[jt]s$/.test(p)) return { part: 'root' };
  if (/^bot\/config\.[cm]?[jt]s$/.test(p)) return { part: 'config' };
  if (/^bot\/[^/]+$/.test(p)) return { part: 'shared' };
  if (/^tab\//.test(p)) return { part: 'tab' };
  if (/^dev\//.test(p)) return { part: 'dev' };
  return null;
}

/** `../x.js` in TypeScript source means `../x.ts`; compare module ids without the extension. */
function moduleId(relativePath) {
  return relativePath
    .split(path.sep)
    .join('/')
    .replace(/\.(?:[cm]?js|[cm]?ts)$/, '');
}

/** Path patterns in `allow`: a single star matches within one folder name, a double star and slash any number of folders. */
function globToRegExp(glob) {
  const escaped = moduleId(glob).replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${escaped
      .replace(/\*\*\//g, '\u0000')
      .replace(/\*/g, '[^/]*')
      .replace(/\u0000/g, '(?:[^/]+/)*')}$`,
  );
}

function describeTarget(target) {
  return target.part === 'feature' ? `features/${target.feature}` : target.part;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports flow one way: teams → features → store, cards, i18n, auth (README, "Conventions").' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          allow: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          exceptions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                to: { type: 'string' },
                typeOnly: { type: 'boolean' },
                why: { type: 'string' },
              },
              required: ['from', 'to', 'why'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'allow'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: '{{from}} must not import {{to}} ({{target}}): imports flow one way (README, "Conventions").',
      otherFeature:
        "features/{{from}} must not import another feature's internals ({{target}}); use what features/{{to}}/index.ts exports.",
      staleException: 'this file no longer imports {{to}}: remove that exception from eslint.config.js.',
    },
  },
  create(context) {
    const { root, allow, exceptions = [] } = context.options[0];
    const fileRel = path.relative(root, context.filename);
    const from = partOf(fileRel);
    if (!from) return {};
    const fromId = moduleId(fileRel);
    // Exceptions are debts: one whose import has gone is reported, so the list only ever shrinks.
    const ownExceptions = exceptions.filter((e) => moduleId(e.from) === fromId);
    const usedExceptions = new Set();

    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const targetRel = path.relative(root, path.resolve(path.dirname(context.filename), source));
      const target = partOf(targetRel);
      if (!target) return;
      const targetId = moduleId(targetRel);
      const exception = ownExceptions.find((e) => moduleId(e.to) === targetId && (!e.typeOnly || typeOnly));
      if (exception) {
        usedExceptions.add(exception);
        return;
      }

      if (from.part === 'feature' && target.part === 'feature') {
        if (from.feature === target.feature || target.rest.replace(/\.[cm]?[jt]s$/, '') === 'index') return;
        context.report({ node, messageId: 'otherFeature', data: { from: from.feature, to: target.feature, target: targetId } });
        return;
      }
      if (from.part === target.part) return;
      const allowed = allow[from.part] ?? [];
      if (allowed.includes(target.part)) return;
      if (allowed.some((entry) => entry.includes('/') && globToRegExp(entry).test(targetId))) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: { from: from.part === 'feature' ? `features/${from.feature}` : from.part, to: describeTarget(target), target: targetId },
      });
    }

    const typeOnlyImport = (node) =>
      node.importKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));

    return {
      ImportDeclaration: (node) => check(node, node.source.value, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
      'Program:exit': (program) => {
        for (const e of ownExceptions) {
          if (!usedExceptions.has(e))
            context.report({ node: program, loc: { line: 1, column: 0 }, messageId: 'staleException', data: { to: e.to } });
        }
      },
    };
  },
};

export default { rules: { 'one-way-imports': rule } };
