/**
 * Refused password attempts (wrong password, unknown account, deactivated,
 * rate limited, already set up, wrong setup code) are answered no sooner
 * than a second after they arrived. A guesser or a flood then gets at most
 * one answer per second per connection, however cheap the refusal was to
 * make, and an unknown account is not told apart by a faster answer. A
 * person who mistyped waits a second.
 */
export const REFUSAL_MIN_MS = 1000;
const REFUSALS = new Set([401, 403, 409, 429]);

export async function answerRefusalsSlowly(startedAt: number, response: Response): Promise<Response> {
  if (!REFUSALS.has(response.status)) return response;
  const wait = startedAt + REFUSAL_MIN_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return response;
}
