/**
 * What a request says about where it came from, and how far to believe it.
 *
 * X-Forwarded-Host and X-Forwarded-Proto are anyone's to write; they count
 * only when DEBRIEF_TRUST_PROXY=1 says a reverse proxy in front sets them.
 * X-Forwarded-For is rewritten by server.ts to the socket's peer (or, with
 * DEBRIEF_TRUST_PROXY=1, the proxy's last hop) before anything reads it.
 */
export function trustsProxy(): boolean {
  return process.env.DEBRIEF_TRUST_PROXY === "1";
}

function firstValue(value: string | null): string | null {
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}

/** The host (and port) the client asked for. */
export function requestHost(headers: Headers): string | null {
  const forwarded = trustsProxy() ? firstValue(headers.get("x-forwarded-host")) : null;
  return forwarded ?? headers.get("host");
}

/** The public URLs the operator configured (BETTER_AUTH_URL, DEBRIEF_PUBLIC_URL); unparsable ones are skipped. */
export function configuredPublicUrls(): URL[] {
  const urls: URL[] = [];
  for (const value of [process.env.BETTER_AUTH_URL, process.env.DEBRIEF_PUBLIC_URL]) {
    if (!value) continue;
    try {
      urls.push(new URL(value));
    } catch {
      /* not a URL: reported where it is read */
    }
  }
  return urls;
}

/**
 * Whether an Origin header names this instance: the host the request was
 * sent to (or a trusted proxy's X-Forwarded-Host), or the configured public
 * URL (which a proxy that rewrites Host makes the only reliable one).
 */
export function isOwnOrigin(origin: string, headers: Headers): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" and other opaque origins
  }
  if (configuredPublicUrls().some((configured) => configured.origin === url.origin)) return true;
  const host = requestHost(headers);
  return host !== null && url.host === host;
}

/**
 * Whether the browser reached this instance over TLS: the configured public
 * URL is https, or a trusted proxy says the request came in as https.
 * (server.ts itself speaks plain HTTP only.)
 */
export function isHttpsRequest(headers: Headers): boolean {
  if (configuredPublicUrls().some((configured) => configured.protocol === "https:")) return true;
  return trustsProxy() && firstValue(headers.get("x-forwarded-proto"))?.toLowerCase() === "https";
}

/** The client's address as server.ts recorded it ("" when unknown). */
export function clientAddress(headers: Headers): string {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  return hops.at(-1) ?? "";
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, "");
  return a === "::1" || /^127(?:\.\d{1,3}){3}$/.test(a);
}

/** `localhost`, `*.localhost`, 127.x.x.x or [::1], with or without a port. */
export function isLoopbackHost(host: string | null): boolean {
  if (!host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  return isLoopbackAddress(hostname.replace(/^\[|\]$/g, ""));
}

/**
 * A request from this very machine, to a loopback name, not relayed by a
 * proxy: someone with a shell on the server. A proxy on the same machine
 * makes the peer look local, so any sign of one (a forwarded Host, the
 * Forwarded / X-Real-IP / Via headers) counts as "from the network".
 */
export function isLocalRequest(headers: Headers): boolean {
  if (["forwarded", "x-real-ip", "via"].some((name) => headers.has(name))) return false;
  const host = headers.get("host");
  const forwardedHost = headers.get("x-forwarded-host");
  if (forwardedHost && forwardedHost !== host) return false;
  return isLoopbackAddress(clientAddress(headers)) && isLoopbackHost(host);
}
