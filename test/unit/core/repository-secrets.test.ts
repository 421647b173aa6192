import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Patterns that would mean a real credential was committed. Test fixtures use obviously fake values. */
const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----/],
  ['Azure storage key', /AccountKey=[A-Za-z0-9+/]{40,}/],
  ['Entra client secret', /\b[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{31,34}\b/],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36}\b/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/],
];

describe('repository hygiene', () => {
  it('A-PRIV-9: no secret, key or token is committed', () => {
    let files: string[];
    try {
      files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
    } catch {
      files = [];
    }
    assert.ok(files.length > 50, 'runs inside the git checkout');
    const hits: string[] = [];
    for (const file of files) {
      if (/\.(png|zip|sqlite)$/.test(file)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const [name, pattern] of SECRET_PATTERNS) if (pattern.test(text)) hits.push(`${file}: ${name}`);
    }
    assert.deepEqual(hits, []);
  });

  it('the scanner itself finds a planted secret (the check can fail)', () => {
    const planted = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    assert.ok(SECRET_PATTERNS.some(([, pattern]) => pattern.test(planted)));
  });
});
