import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/import-boundaries.js';

/**
 * The README's one-way import rule, enforced (eslint/import-boundaries.js checks resolved paths).
 * Parts: root = bot/index.ts, app.ts, server.ts (composition); config = bot/config.ts; shared = the other
 * files directly in bot/ (errors, privacy, log, csv, rate limiter); feature = bot/features/<name>/;
 * features-shared = bot/features/types.ts; teams, store, cards, i18n, auth = their bot/ folders;
 * tab-api = bot/tab-api/ (the types of the tab's API, mapped to by the features' tab routes);
 * tab = tab/; dev = dev/ (local mode). A part may always import itself; a feature reaches another
 * feature only through that feature's index.ts. Entries with a slash are path patterns.
 */
const ONE_WAY_IMPORTS = {
  root: ['teams', 'feature', 'features-shared', 'store', 'cards', 'i18n', 'auth', 'config', 'shared', 'dev'],
  dev: ['root', 'teams', 'feature', 'features-shared', 'store', 'cards', 'i18n', 'auth', 'config', 'shared'],
  teams: ['feature', 'features-shared', 'store', 'cards', 'i18n', 'auth', 'config', 'shared'],
  feature: ['features-shared', 'store', 'cards', 'i18n', 'auth', 'shared', 'tab-api'],
  'features-shared': ['store', 'cards', 'i18n', 'auth', 'shared'],
  // The lowest layer in a fixed order, so it cannot form cycles: store → auth → i18n → shared.
  store: ['auth', 'i18n', 'shared'],
  auth: ['i18n', 'shared'],
  cards: ['i18n', 'shared'],
  i18n: ['shared'],
  config: ['shared'],
  shared: [],
  // The API's types stand on their own: plain data, with the features' enums from their models.
  'tab-api': ['i18n', 'shared', 'bot/features/*/model'],
  // The tab runs in the browser: it shares only models and catalogs with the bot.
  tab: ['i18n', 'tab-api', 'bot/auth/roles', 'bot/features/*/model', 'bot/features/**/i18n', 'bot/features/*/labels'],
};

/** Arrows that break the rule today, each with its reason; remove an entry when its reason goes. */
const IMPORT_EXCEPTIONS = [
  {
    from: 'bot/config.ts',
    to: 'bot/features/lookup/onr-hosts.ts',
    why: 'config validates ONR_BASE_URL with the lookup feature’s own test-host rule (the feature must not read config)',
  },
];

/** botbuilder and restify stay at the edge, so a move to @microsoft/agents-hosting touches bot/teams/ only. */
const EDGE_PACKAGES = {
  patterns: [
    {
      group: ['botbuilder', 'botbuilder-*', 'botframework-*', 'restify', 'restify-*'],
      message: 'Bot Framework and restify stay in bot/teams/ (and bot/server.ts); features get plain data and a messenger.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'appPackage/', 'test-artifacts/', 'data/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-console': ['warn', { allow: ['warn', 'error'] }],
      // Control characters are matched on purpose: user text is cleaned of them before cards and storage.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['bot/**/*.ts', 'tab/**/*.ts', 'dev/**/*.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/one-way-imports': ['error', { root: import.meta.dirname, allow: ONE_WAY_IMPORTS, exceptions: IMPORT_EXCEPTIONS }],
    },
  },
  {
    files: [
      'bot/features/**/*.ts',
      'bot/store/**/*.ts',
      'bot/cards/**/*.ts',
      'bot/i18n/**/*.ts',
      'bot/auth/**/*.ts',
      'bot/tab-api/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', EDGE_PACKAGES] },
  },
);
