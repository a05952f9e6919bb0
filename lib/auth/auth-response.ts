/**
 * better-auth answers sign-in, get-session and list-sessions with the session
 * token in the JSON body: the same secret as the HttpOnly cookie, which a
 * script on the page must never be able to read. The browser needs only the
 * cookie, so every `token` field is dropped from /api/auth/* JSON answers.
 */
export async function withoutSessionTokens(response: Response): Promise<Response> {
  if (!/^application\/json\b/i.test(response.headers.get("content-type") ?? "")) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return new Response(text, response);
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(dropTokens(body)), { status: response.status, statusText: response.statusText, headers });
}

function dropTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropTokens);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "token").map(([key, v]) => [key, dropTokens(v)]));
}
