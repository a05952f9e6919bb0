import { describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { failure } from "../support/app-error";
import { currentSetupCode } from "@/lib/auth/setup-code";
import { hashQueue } from "@/lib/auth/password-hash";
import { needsSetup, setupFirstAdmin } from "@/lib/auth/users";

// First-run setup through the service: the setup code from the server log
// for requests from another machine, refusals before any hashing, limits.

useTempDatabase();

const admin = { email: "first@debrief.test", name: "First Admin", password: "first admin passphrase" };

describe("first-run setup", () => {
  it("from another machine needs the setup code from the log, checked before the password is hashed", async () => {
    const logged: string[] = [];
    const code = currentSetupCode((line) => logged.push(line));
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(logged).toEqual([expect.stringContaining(`First-run setup code: ${code}`)]);
    const remote = { address: "192.0.2.10", local: false };

    const missing = await failure(setupFirstAdmin({ input: admin, client: remote }));
    expect(missing.status).toBe(403);
    expect(missing.issues).toEqual([{ path: "setupCode", message: expect.stringContaining("required") }]);
    expect(missing.message).toContain("server's log");
    const wrong = await failure(setupFirstAdmin({ input: { ...admin, setupCode: "AAAA-BBBB-CCCC" }, client: remote }));
    expect(wrong.status).toBe(403);
    expect(wrong.message).toMatch(/setup code is wrong/);
    const started = hashQueue().stats.started;
    expect((await failure(setupFirstAdmin({ input: { ...admin, password: "short", setupCode: code }, client: remote }))).status).toBe(422);
    expect(hashQueue().stats.started).toBe(started); // refused before hashing
    expect(await needsSetup()).toBe(true);

    // Typed loosely: lower case, spaces instead of dashes.
    const created = await setupFirstAdmin({ input: { ...admin, setupCode: ` ${code.toLowerCase().replace(/-/g, " ")} ` }, client: remote });
    expect(created).toMatchObject({ email: admin.email, role: "admin" });
    expect(await needsSetup()).toBe(false);
  });

  it("once set up, answers 409 without hashing anything, from anywhere", async () => {
    const started = hashQueue().stats.started;
    for (const client of [{ address: "127.0.0.1", local: true }, { address: "192.0.2.11", local: false }]) {
      const err = await failure(setupFirstAdmin({ input: { ...admin, email: "second@debrief.test" }, client }));
      expect(err.status).toBe(409);
    }
    expect(hashQueue().stats.started).toBe(started);
  });
});
