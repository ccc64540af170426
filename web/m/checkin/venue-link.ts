/**
 * What the resident's venue scanner (场所扫码) read: a venue code of this installation — a poster's
 * or a screen's daily code, both `<public URL>/v/<token>` — or something it must not act on. Only a
 * venue code leads anywhere (the check-in page, which asks the server about the token); a health
 * code, another site's link or any other text is named and nothing else happens.
 */

/** A venue token: 37 bytes in base64url without padding (src/venues/token.ts, VENUE_TOKEN_CHARS). */
export const VENUE_TOKEN = /^[A-Za-z0-9_-]{50}$/;

export type ScannedCode =
  | { kind: 'venue'; token: string }
  /** A health code (FY1:…) — someone's personal code, not a place. */
  | { kind: 'health_code' }
  /** Another site's web address: never opened. */
  | { kind: 'link' }
  | { kind: 'other' };

function parsedUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * `bases`: where this installation's venue codes start, each ending in `/v/` — the public URL's
 * (GET /api/venues/link-base) and the app's own origin's (`/v/` and `/m/v/`).
 */
export function readScannedCode(raw: string, bases: readonly string[]): ScannedCode {
  const text = raw.trim();
  if (/^FY1:/i.test(text)) return { kind: 'health_code' };
  const url = parsedUrl(text);
  if (!url) return { kind: 'other' };
  if (url.username || url.password) return { kind: 'link' };
  let ours = false;
  for (const base of bases) {
    const prefix = parsedUrl(base);
    if (!prefix || prefix.origin !== url.origin) continue;
    ours = true;
    if (!url.pathname.startsWith(prefix.pathname)) continue;
    const token = url.pathname.slice(prefix.pathname.length);
    if (VENUE_TOKEN.test(token)) return { kind: 'venue', token };
  }
  // A link to this installation that is no venue code is simply not one; any other site's is never opened.
  return { kind: ours ? 'other' : 'link' };
}

/** The prefixes of venue codes the app accepts: the installation's public one (when known) and its own origin's. */
export function venueLinkBases(publicBase: string | null, origin: string): string[] {
  return [...(publicBase ? [publicBase] : []), `${origin}/v/`, `${origin}/m/v/`];
}
