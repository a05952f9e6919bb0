// The address people use to reach this instance, for links that leave it
// (digests pasted into chat, status pages, exports). Next.js builds req.url
// from its own listen address (http://localhost:3000), never from what the
// client asked for, so it must not be used for links.

/** DEBRIEF_PUBLIC_URL, checked: an http(s) URL without credentials, query or fragment; no trailing slash. */
export function configuredPublicUrl(value = process.env.DEBRIEF_PUBLIC_URL): string | null {
  if (value === undefined || value.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`DEBRIEF_PUBLIC_URL must be an absolute http(s) URL such as https://debrief.example.com, not "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("DEBRIEF_PUBLIC_URL must start with http:// or https://");
  if (url.username || url.password) throw new Error("DEBRIEF_PUBLIC_URL must not contain a user name or password");
  if (url.search || url.hash) throw new Error("DEBRIEF_PUBLIC_URL must not contain a query (?) or fragment (#)");
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** Whether a listen address or host name only answers on this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, "").toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * The base for absolute links: DEBRIEF_PUBLIC_URL, else the host this request
 * was sent to (its Host header, checked by server.ts), over https only when
 * a trusted proxy (DEBRIEF_TRUST_PROXY=1) says the client used https.
 */
export function publicBaseUrl(req: Request): string {
  const configured = configuredPublicUrl();
  if (configured) return configured;
  const host = req.headers.get("host");
  const forwardedProto = process.env.DEBRIEF_TRUST_PROXY === "1" ? req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  const proto = forwardedProto === "https" ? "https" : "http";
  if (host) {
    try {
      return new URL(`${proto}://${host}`).origin;
    } catch {
      /* fall through to the address Next.js saw */
    }
  }
  return new URL(req.url).origin;
}

/** A line for the start-up log when links would point at a guess, or null. */
export function publicUrlWarning(listenHost: string): string | null {
  if (configuredPublicUrl()) return null;
  if (isLoopbackHost(listenHost)) return null;
  return "DEBRIEF_PUBLIC_URL is not set: links in digests and exports will use the host name each request was sent to; set it to the address people use (e.g. https://debrief.example.com)";
}
