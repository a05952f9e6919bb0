// Checks server.ts makes on every request before anything else reads it.
// Next.js and the WHATWG URL parser throw on a malformed Host or a broken
// %-escape deep inside their routing; the request then ended in a 500 or an
// uncaught exception that held the socket for minutes. Refusing such a
// request at the door keeps both out of the app.
import { isIPv6 } from "node:net";

export type EdgeRefusal = { status: 400 | 405; message: string; field: string };

/** The methods Debrief answers; Next.js throws on others (TRACE) instead of refusing them. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export function checkMethod(method: string | undefined): EdgeRefusal | null {
  if (method && ALLOWED_METHODS.includes(method)) return null;
  return { status: 405, message: `The method ${String(method).slice(0, 20)} is not allowed here`, field: "(method)" };
}

/**
 * Debrief upgrades no connection (no WebSockets, no h2c); RFC 9110 lets a
 * server ignore Upgrade, which Next.js would otherwise take over and drop.
 */
export function ignoreUpgrade(headers: Record<string, string | string[] | undefined>): void {
  if (headers.upgrade === undefined) return;
  delete headers.upgrade;
  delete headers["http2-settings"];
  const connection = headers.connection;
  if (typeof connection === "string") {
    const kept = connection.split(",").map((t) => t.trim()).filter((t) => t && !/^(?:upgrade|http2-settings)$/i.test(t));
    if (kept.length) headers.connection = kept.join(", ");
    else delete headers.connection;
  }
}

// RFC 3986 reg-name restricted to what host names use (letters, digits,
// hyphens, and the underscores of container and service names), IPv4
// literals, or a bracketed IPv6 literal; an optional port.
const HOST_NAME = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})?)*\.?$/;

/** Refusal for the Host header(s) of a request: exactly one, well-formed. */
export function checkHost(rawHeaders: string[]): EdgeRefusal | null {
  const hosts: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === "host") hosts.push(rawHeaders[i + 1] ?? "");
  }
  const refuse = (message: string): EdgeRefusal => ({ status: 400, message, field: "Host" });
  if (hosts.length === 0) return refuse("The request has no Host header");
  if (hosts.length > 1) return refuse("The request has more than one Host header");
  const host = hosts[0] ?? "";
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(host);
  const name = m?.[1] ?? "";
  const port = m?.[2];
  const nameOk = name.startsWith("[") ? isIPv6(name.slice(1, -1)) : name.length <= 253 && HOST_NAME.test(name);
  if (!m || !nameOk || (port !== undefined && Number(port) > 65535)) return refuse("The Host header is not a valid host name");
  return null;
}

/**
 * Refusal for the request target: it must be a path (origin-form; `*` only
 * for OPTIONS) whose %-escapes decode to UTF-8 text.
 */
export function checkTarget(method: string | undefined, url: string | undefined): EdgeRefusal | null {
  const target = url ?? "";
  if (target === "*" && method === "OPTIONS") return null; // answered by server.ts
  if (!target.startsWith("/")) return { status: 400, message: "The request target must be a path starting with /", field: "(path)" };
  const q = target.indexOf("?");
  const pathname = q === -1 ? target : target.slice(0, q);
  try {
    decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: "The path has a malformed %-escape (it does not decode to UTF-8 text)", field: "(path)" };
  }
  return null;
}

/** API paths answer errors as JSON; every other path is a page. */
export function isApiPath(url: string | undefined): boolean {
  return /^\/api(?:\/|\?|$)/.test(url ?? "");
}

/** The JSON error body of the API for a refusal at the edge. */
export function refusalBody(refusal: EdgeRefusal): string {
  const code = refusal.status === 405 ? "method_not_allowed" : "bad_request";
  return JSON.stringify({ error: { code, message: refusal.message, issues: [{ path: refusal.field, message: refusal.message }] } });
}
