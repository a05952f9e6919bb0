import { afterEach, describe, expect, it } from "vitest";
import { currentSetupCode, forgetSetupCode, setupCodeMatches } from "@/lib/auth/setup-code";

// The first-run setup code: random per start on SQLite (one instance), the
// same on every instance of one PostgreSQL database (derived from the
// secret they share), so that setup through a load balancer works whichever
// instance answers.

const saved = { url: process.env.DATABASE_URL, secret: process.env.BETTER_AUTH_SECRET };
afterEach(() => {
  forgetSetupCode();
  for (const [name, value] of [["DATABASE_URL", saved.url], ["BETTER_AUTH_SECRET", saved.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const quiet = () => {};
function freshCode(): string {
  forgetSetupCode();
  return currentSetupCode(quiet);
}

describe("the first-run setup code", () => {
  it("is drawn at random on SQLite: a restart prints another", () => {
    process.env.DATABASE_URL = "file:./data/never-opened.db";
    process.env.BETTER_AUTH_SECRET = "a-secret-that-sqlite-does-not-derive-codes-from-0123456789";
    const codes = new Set(Array.from({ length: 20 }, freshCode));
    expect(codes.size).toBe(20);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  });

  it("is the same on every instance of one PostgreSQL database, and another secret gives another code", () => {
    process.env.DATABASE_URL = "postgresql://debrief@db.internal:5432/debrief";
    process.env.BETTER_AUTH_SECRET = "shared-by-both-instances-0123456789abcdefghijkl";
    const first = freshCode();
    expect(first).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    // "Another instance" (or this one restarted) prints the same code, and accepts it typed loosely.
    expect(freshCode()).toBe(first);
    expect(setupCodeMatches(first.toLowerCase().replaceAll("-", " "))).toBe(true);
    process.env.BETTER_AUTH_SECRET = "another-deployment-another-secret-0123456789ab";
    const other = freshCode();
    expect(other).not.toBe(first);
    expect(setupCodeMatches(first)).toBe(false);
  });
});
