import { expect } from "vitest";

/**
 * `create` sends one client-made id each time: the first call creates, a
 * retry and three concurrent retries find what it made (`created: false`).
 */
export async function expectCreatedOnce(create: () => Promise<{ created: boolean }>): Promise<void> {
  const first = await create();
  const retry = await create();
  const concurrent = await Promise.all([1, 2, 3].map(() => create()));
  expect(first.created).toBe(true);
  expect(retry.created).toBe(false);
  expect(concurrent.every((r) => !r.created)).toBe(true);
}
