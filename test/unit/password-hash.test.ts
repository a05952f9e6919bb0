import { describe, expect, it } from "vitest";
import { hashPassword as betterAuthHash, verifyPassword as betterAuthVerify } from "better-auth/crypto";
import { FairQueue, QueueFullError } from "@/lib/auth/fair-queue";
import { hashPassword, hashQueue, verifyPassword } from "@/lib/auth/password-hash";

// Debrief hashes passwords itself (bounded, fair, on the thread pool) in
// better-auth's own format, so hashes stored before keep verifying.

describe("password hashes", () => {
  it("verifies a hash made by better-auth's default hasher, and better-auth verifies ours", async () => {
    const password = "correct horse battery staple ✓ Ünïcode";
    const theirs = await betterAuthHash(password);
    expect(await verifyPassword({ hash: theirs, password })).toBe(true);
    expect(await verifyPassword({ hash: theirs, password: `${password}!` })).toBe(false);
    // NFKC: the same text in another Unicode form is the same password, as in better-auth.
    expect(await verifyPassword({ hash: theirs, password: password.normalize("NFD") })).toBe(true);

    const ours = await hashPassword(password);
    expect(ours).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await betterAuthVerify({ hash: ours, password })).toBe(true);
    expect(await betterAuthVerify({ hash: ours, password: "another password" })).toBe(false);
    expect(await hashPassword(password)).not.toBe(ours); // a fresh salt each time
  });

  it("treats a malformed stored hash as a mismatch, not an error", async () => {
    for (const hash of ["", "nosalt", "abc:", ":abcd", "a:b:c", `${"a".repeat(32)}:zz`, `${"a".repeat(32)}:${"0".repeat(127)}`]) {
      expect(await verifyPassword({ hash, password: "whatever it is" }), hash).toBe(false);
    }
  });

  it("runs through the shared bounded queue", async () => {
    const before = hashQueue().stats.started;
    await Promise.all([hashPassword("one password here"), hashPassword("two password here"), hashPassword("three password here")]);
    expect(hashQueue().stats.started).toBe(before + 3);
    expect(hashQueue().stats.running).toBe(0);
  });
});

/** A job that finishes when told to. */
function gate() {
  let open = () => {};
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, done };
}

describe("fair queue", () => {
  it("never runs more than `concurrency` jobs, nor more than `maxRunningPerKey` of one key", async () => {
    const q = new FairQueue({ concurrency: 3, maxRunningPerKey: 2, maxWaitingPerKey: 100, maxWaiting: 100 });
    let running = 0;
    let peak = 0;
    const perKeyPeak = new Map<string, number>();
    const perKey = new Map<string, number>();
    const job = (key: string) =>
      q.run(key, async () => {
        running++;
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
        peak = Math.max(peak, running);
        perKeyPeak.set(key, Math.max(perKeyPeak.get(key) ?? 0, perKey.get(key) ?? 0));
        await new Promise((r) => setTimeout(r, 2));
        running--;
        perKey.set(key, (perKey.get(key) ?? 0) - 1);
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => job(i % 4 === 0 ? "b" : "flood")));
    expect(peak).toBe(3);
    expect(perKeyPeak.get("flood")).toBe(2);
    expect(q.stats).toEqual({ running: 0, waiting: 0, keys: 0, started: 40 });
  });

  it("lets a newcomer go before a flood's backlog: it waits only for jobs already running", async () => {
    const q = new FairQueue({ concurrency: 2, maxRunningPerKey: 1, maxWaitingPerKey: 100, maxWaiting: 100 });
    const order: string[] = [];
    const gates = Array.from({ length: 10 }, gate);
    const flood = gates.map((g, i) => q.run("flood", async () => {
      order.push(`flood ${i}`);
      await g.done;
    }));
    await Promise.resolve();
    // The flood holds one slot; the other is free for anyone else, at once.
    expect(q.stats.running).toBe(1);
    const newcomer = gate();
    const late = q.run("user", async () => {
      order.push("user");
      await newcomer.done;
    });
    await Promise.resolve();
    expect(order).toEqual(["flood 0", "user"]);
    newcomer.open();
    await late;
    // A second newcomer while both slots are taken by two floods goes next, before their backlogs.
    const second = Array.from({ length: 3 }, gate);
    const other = second.map((g, i) => q.run("other flood", async () => {
      order.push(`other ${i}`);
      await g.done;
    }));
    await Promise.resolve();
    const third = q.run("user 2", async () => {
      order.push("user 2");
    });
    gates[0]?.open();
    await third;
    expect(order.slice(0, 4)).toEqual(["flood 0", "user", "other 0", "user 2"]);
    for (const g of [...gates, ...second]) g.open();
    await Promise.all([...flood, ...other]);
  });

  it("refuses at once when a key or the whole queue has too much waiting", async () => {
    const q = new FairQueue({ concurrency: 1, maxRunningPerKey: 1, maxWaitingPerKey: 2, maxWaiting: 3 });
    const g = gate();
    const held = q.run("a", () => g.done);
    const waiting = [q.run("a", async () => {}), q.run("a", async () => {})];
    await expect(q.run("a", async () => {})).rejects.toBeInstanceOf(QueueFullError);
    waiting.push(q.run("b", async () => {}));
    await expect(q.run("c", async () => {})).rejects.toBeInstanceOf(QueueFullError);
    g.open();
    await Promise.all([held, ...waiting]);
    expect(q.stats).toEqual({ running: 0, waiting: 0, keys: 0, started: 4 });
  });
});
