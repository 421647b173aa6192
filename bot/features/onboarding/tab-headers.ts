/**
 * Response headers for the tab's static files (/tab/*), A-TAB-6. Framing is allowed only by the Teams
 * and Microsoft 365 hosts through CSP frame-ancestors; X-Frame-Options is deliberately absent (it cannot
 * say "allow Teams" and DENY would break the tab). teams-js is bundled, so scripts come from 'self' only.
 * teams-js fetches its list of valid host origins from res.cdn.office.net (it falls back to a built-in
 * list when that fails), hence the one extra connect-src.
 */
export const TAB_FRAME_ANCESTORS = [
  "'self'",
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  // *.skype.com is legacy and left out on purpose (A-TAB-6); Outlook hosts the tab on both domains.
  'teams.cloud.microsoft',
  '*.cloud.microsoft',
  '*.office.com',
  'outlook.office.com',
  'outlook.office365.com',
  '*.microsoft365.com',
] as const;

export function tabSecurityHeaders(): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self' https://res.cdn.office.net",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    // The HTML is small and changes with every build; never serve a stale shell.
    'Cache-Control': 'no-cache',
  };
}
