// What the page can tell about a token before asking the server, so a pasted mistake gets words, not a blank page.

const KEY = 'primetime.token';
const SOURCE_KEY = 'primetime.token-source';

/** Kept for this tab only: closing the tab forgets the token. */
export function storedToken() {
  return { token: sessionStorage.getItem(KEY), source: sessionStorage.getItem(SOURCE_KEY) };
}

export function storeToken(token, source) {
  sessionStorage.setItem(KEY, token);
  sessionStorage.setItem(SOURCE_KEY, source);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(SOURCE_KEY);
}

function decodePart(part) {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * {ok: true, token, claims} or {ok: false, message}. Only the shape and the expiry are checked here; the
 * signature is the server's business.
 */
export function inspectToken(raw, now = Date.now()) {
  const token = (raw || '').trim().replace(/^Bearer\s+/i, '');
  if (!token) {
    return { ok: false, message: 'Paste an access token first.' };
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    return {
      ok: false,
      message:
        'That is not an access token: a token (a JWT) is three parts separated by dots and starts with "eyJ".',
    };
  }
  let claims;
  try {
    decodePart(parts[0]);
    claims = decodePart(parts[1]);
  } catch {
    return { ok: false, message: 'That is not an access token: its parts are not readable (was it cut short when copying?).' };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    const when = new Date(claims.exp * 1000);
    return {
      ok: false,
      expired: true,
      message: `This token expired on ${when.toLocaleString()}. Sign in again to get a new one, or use a fresh development token.`,
    };
  }
  return { ok: true, token, claims };
}
