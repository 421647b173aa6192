import assert from 'node:assert/strict';
import { tabSecurityHeaders } from '../../../bot/features/onboarding/index.js';

describe('tab security headers', () => {
  const headers = tabSecurityHeaders();
  const csp = headers['Content-Security-Policy']!;
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));

  it('lets only Teams and Microsoft 365 hosts frame the tab', () => {
    const ancestors = directive('frame-ancestors')!.split(' ').slice(1);
    assert.deepEqual(ancestors, [
      "'self'",
      'teams.microsoft.com',
      '*.teams.microsoft.com',
      'teams.cloud.microsoft',
      '*.cloud.microsoft',
      '*.office.com',
      'outlook.office.com',
      'outlook.office365.com',
      '*.microsoft365.com',
    ]);
    assert.ok(!ancestors.includes('*'));
  });

  it('loads scripts and styles from the app only, and sets no X-Frame-Options', () => {
    assert.equal(directive('script-src'), "script-src 'self'");
    assert.equal(directive('style-src'), "style-src 'self'");
    assert.equal(directive('object-src'), "object-src 'none'");
    assert.equal(directive('base-uri'), "base-uri 'none'");
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
    assert.ok(!Object.keys(headers).some((k) => k.toLowerCase() === 'x-frame-options'));
  });

  it('sets nosniff, a referrer policy and HSTS', () => {
    assert.equal(headers['X-Content-Type-Options'], 'nosniff');
    assert.equal(headers['Referrer-Policy'], 'strict-origin-when-cross-origin');
    assert.match(headers['Strict-Transport-Security']!, /max-age=31536000/);
  });
});
