import { describe, expect, it } from "vitest";
import { StreamRegistry, type Role, type StreamOwner } from "@/lib/live/stream-registry";
import { AppError } from "@/lib/errors";

// The live-stream bookkeeping on its own: caps per credential and per user,
// closing by user or credential, and the periodic access check.

const owner = (kind: "session" | "api_key", id: string, userId: string | null, role: Role = "viewer"): StreamOwner => ({ credential: { kind, id }, userId, role });

function registry(current: Map<string, Role | null> = new Map()) {
  return new StreamRegistry({ maxPerCredential: 3, maxPerUser: 5, checkEveryMs: 60_000, check: async () => current });
}

describe("stream registry", () => {
  it("caps streams per credential and per user with a 429 that says which", () => {
    const r = registry();
    const leases = [0, 1, 2].map(() => r.open(owner("api_key", "k1", null), () => {}));
    const over = (() => {
      try {
        r.open(owner("api_key", "k1", null), () => {});
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(over).toBeInstanceOf(AppError);
    expect((over as AppError).status).toBe(429);
    expect((over as AppError).message).toMatch(/API key \(at most 3\)/);
    leases[0]?.release();
    r.open(owner("api_key", "k1", null), () => {});
    // Per user across sessions.
    for (const s of ["s1", "s1", "s1", "s2", "s2"]) r.open(owner("session", s, "u1"), () => {});
    expect(() => r.open(owner("session", "s3", "u1"), () => {})).toThrow(/this user \(at most 5\)/);
    expect(r.count()).toBe(8);
  });

  it("closes by user or by credential, and on the access check when a credential is gone or its role fell", async () => {
    const current = new Map<string, Role | null>();
    const r = registry(current);
    const closed: string[] = [];
    const open = (o: StreamOwner, name: string) => r.open(o, (reason) => closed.push(`${name}: ${reason}`));
    open(owner("session", "s1", "u1", "responder"), "u1 session");
    open(owner("api_key", "k1", "u1", "responder"), "u1 key");
    open(owner("api_key", "k2", null, "admin"), "service key");
    open(owner("session", "s2", "u2", "admin"), "u2 session");
    open(owner("session", "s3", "u3", "viewer"), "u3 session");
    expect(r.close({ credential: { kind: "api_key", id: "k2" } }, "API key revoked")).toBe(1);
    expect(r.close({ userId: "u1" }, "account deactivated")).toBe(2);
    expect(closed).toEqual(["service key: API key revoked", "u1 session: account deactivated", "u1 key: account deactivated"]);

    current.set("session:s2", "responder"); // demoted
    current.set("session:s3", "viewer"); // unchanged
    await r.checkNow();
    expect(closed.at(-1)).toBe("u2 session: role lowered");
    expect(r.count()).toBe(1);
    current.set("session:s3", null); // signed out elsewhere
    await r.checkNow();
    expect(closed.at(-1)).toBe("u3 session: access revoked");
    expect(r.count()).toBe(0);
  });
});
