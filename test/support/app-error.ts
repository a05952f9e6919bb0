import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** The AppError `promise` is refused with; the test fails if it resolves or fails otherwise. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`, { cause: err });
  return err;
}

/**
 * A service call with this `query` is refused with a 422 whose issues name
 * `field` (or a path inside it).
 */
export async function expectQueryRefused(call: (query: Record<string, string>) => Promise<unknown>, query: Record<string, string>, field: string): Promise<void> {
  const err = await call(query).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, JSON.stringify(query)).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(422);
  const paths = (err as AppError).issues.map((i) => i.path);
  expect(paths.some((p) => p === field || p.startsWith(`${field}.`)), `${JSON.stringify(query)} → ${paths.join(", ")}`).toBe(true);
}
