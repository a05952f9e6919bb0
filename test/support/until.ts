/**
 * Poll `probe` every 250 ms until it returns something other than undefined,
 * and give that back: for tests that wait on a server's background work
 * (scheduled backups, the status site, leases). Throws naming `what` once
 * `timeoutMs` has passed.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
