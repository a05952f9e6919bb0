/**
 * Where to go after signing in: `?next=` comes from a link anyone can craft,
 * so it may only ever name a path on this instance. Browsers read URLs
 * loosely — `\` counts as `/`, tabs and newlines are dropped, `//host` and
 * `/\host` are other sites — so the value is checked after percent-decoding
 * it (repeatedly: `%255C` is `%5C` is `\`) and rejected outright when it
 * holds a backslash, a control or invisible character, a scheme or an
 * authority. What is returned is re-read with the URL parser and must
 * still be a plain same-origin path.
 */
export const DEFAULT_AFTER_SIGN_IN = "/incidents";
const MAX_LENGTH = 2000;
const BASE = "http://debrief.invalid";

// C0 and C1 controls, DEL, and characters that render as nothing or as space
// (which URL parsers or address bars may drop or mistake).
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb\\]/;

function fullyDecoded(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null; // still changing after 5 rounds: not something a real link needs
}

function isPlainPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !FORBIDDEN.test(value);
}

/** A same-origin path (with query and fragment) for `next`, or null when it is not safe. */
export function parseSafeNext(next: unknown): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_LENGTH) return null;
  const decoded = fullyDecoded(next);
  if (decoded === null || !isPlainPath(next) || !isPlainPath(decoded)) return null;
  // A scheme or authority anywhere in the path part means someone is trying something.
  const pathPart = decoded.split(/[?#]/, 1)[0] ?? "";
  if (/^\/+[a-z][a-z0-9+.-]*:/i.test(pathPart) || pathPart.includes("//")) return null;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const result = `${url.pathname}${url.search}${url.hash}`;
  return isPlainPath(result) ? result : null;
}

/** `next` when it is safe, else the incident list. */
export function safeNextPath(next: unknown): string {
  return parseSafeNext(next) ?? DEFAULT_AFTER_SIGN_IN;
}
