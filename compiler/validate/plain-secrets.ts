/**
 * What makes a plain environment value look like a credential (`PLAIN_SECRET`). Two independent
 * signals, documented in docs/diagnostics.md:
 * - the name: `*_KEY`, `*SECRET*`, `*_PASS`, `*_PASSWD`, `*PASSWORD*`, `*TOKEN*`, `*CREDENTIAL*`,
 *   unless a suffix says the value is about the secret rather than the secret itself
 *   (`TOKEN_TTL`, `SECRET_ARN`, `PUBLIC_KEY_URL`) or the name says it is public (`PUBLIC_KEY`);
 *   a value built from `${…}` references is wiring, not a secret, and never matches by name;
 * - the value: the shape of a known credential (AWS access key id, Stripe live key, GitHub and
 *   Slack tokens, a PEM private key) or a URL with a password in it (`redis://:pw@host`), in the
 *   literal text of the value whatever the name.
 */

const SECRET_NAME = /(_KEY$|SECRET|_PASS$|_PASSWD$|PASSWORD|TOKEN|CREDENTIAL)/;
/** A last name segment that describes a secret (where, how long, which) without holding it. */
const DESCRIPTIVE_SUFFIX = /_(URL|URI|ENDPOINT|HOST|PORT|FILE|PATH|DIR|ARN|NAME|ID|TTL|TIMEOUT|EXPIRY|LENGTH|HEADER|REGION|TYPE|ALGORITHM|ENABLED)$/;
const PUBLIC_NAME = /(^|_)PUBLIC(_|$)/;

const CREDENTIAL_VALUES: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { pattern: /\b[sr]k_live_[0-9A-Za-z]{8,}/, what: 'a Stripe live key' },
  { pattern: /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/, what: 'a GitHub token' },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, what: 'a Slack token' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a PEM private key' },
];

/** `scheme://user:password@` with a non-empty password written out (not an interpolation). */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i;
/** Stands in for each `${…}` so that only the literal text is judged. */
const REFERENCE_MARK = '\u0000';

/** Why the variable looks like a plain secret, or undefined when it does not. */
export function plainSecretReason(variable: string, value: string | number | boolean): string | undefined {
  if (typeof value === 'boolean') return undefined;
  const text = String(value);
  const literal = text.replace(/\$\{[^}]*\}/g, REFERENCE_MARK);
  for (const { pattern, what } of CREDENTIAL_VALUES) if (pattern.test(literal)) return `its value looks like ${what}`;
  // The pattern tries every letter as the start of a scheme: most values have no `://` to find.
  const password = literal.includes('://') ? URL_PASSWORD.exec(literal)?.[1] : undefined;
  if (password !== undefined && !password.includes(REFERENCE_MARK)) return 'its value is a URL with a password in it';
  if (literal.length === 0 || literal !== text || /^(true|false)$/i.test(text)) return undefined;
  const name = variable.toUpperCase();
  if (!SECRET_NAME.test(name) || DESCRIPTIVE_SUFFIX.test(name) || PUBLIC_NAME.test(name)) return undefined;
  return 'its name says it holds a secret';
}
