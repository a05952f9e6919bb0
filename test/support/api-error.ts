import { expect } from "vitest";

/**
 * An API refusal as every route answers one: `status`, a string error code,
 * a message that carries no stack trace, and, when `field` is given, issues
 * whose paths mention it.
 */
export function expectApiError(res: { status: number; json: any; text: string }, status: number, field?: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.json?.error?.code, res.text.slice(0, 300)).toBeTypeOf("string");
  expect(res.json.error.message).not.toMatch(/at .*\.(ts|js):\d+/);
  if (field) expect(res.json.error.issues.map((i: { path: string }) => i.path).join(",")).toContain(field);
}
