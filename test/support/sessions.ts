import { api } from "./server";

let clientSeq = 0;
/** A new documentation-range address per call, for servers started with DEBRIEF_TRUST_PROXY=1 (each sign-in its own client). */
export function newClientAddress(): string {
  clientSeq++;
  return `198.51.${(clientSeq >> 8) & 255}.${clientSeq & 255}`;
}

export type HttpSession = {
  status: number;
  /** The Cookie header to send back. */
  cookie: string;
  /** The raw Set-Cookie lines of the sign-in. */
  setCookies: string[];
  body: string;
};

/** Sign in through better-auth's endpoint over HTTP, as a browser's fetch would. */
export async function signInOverHttp(
  server: { url: string },
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<HttpSession> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, ...headers },
    body: JSON.stringify({ email, password }),
  });
  const setCookies = res.headers.getSetCookie();
  return { status: res.status, cookie: setCookies.map((c) => c.split(";")[0] ?? "").join("; "), setCookies, body: await res.text() };
}

/** api() as the signed-in browser: its cookie, its own Origin, no API key. */
export function asSession(server: { url: string }, session: { cookie: string }, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  return api(server, method, pathname, body, { authorization: "", cookie: session.cookie, origin: server.url, ...headers });
}
