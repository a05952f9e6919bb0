import { describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { setupFirstAdmin } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";

// Setup attempts are limited per client address (5 a minute), so the setup
// code cannot be guessed by brute force.

useTempDatabase();

describe("first-run setup limit", () => {
  it("refuses the 6th attempt within a minute from one address with 429, not another address; locally no code is needed", async () => {
    const input = { email: "a@debrief.test", name: "A", password: "long enough password", setupCode: "WRONG-CODE-0000" };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      try {
        await setupFirstAdmin({ input, client: { address: "192.0.2.20", local: false } });
      } catch (err) {
        statuses.push(err instanceof AppError ? err.status : 500);
      }
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const other = await setupFirstAdmin({ input, client: { address: "192.0.2.21", local: false } }).catch((err: unknown) => err);
    expect(other instanceof AppError && other.status).toBe(403);
    // On the server's own machine no code is needed.
    const { setupCode: _ignored, ...withoutCode } = input;
    const created = await setupFirstAdmin({ input: withoutCode, client: { address: "127.0.0.1", local: true } });
    expect(created.role).toBe("admin");
  });
});
