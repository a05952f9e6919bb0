import { AppError } from "../errors";

/**
 * Every open live stream (Server-Sent Events) of this process, by who holds
 * it, so that
 *  - one client cannot hold more than a few: at most `maxPerCredential`
 *    per session or API key and `maxPerUser` per person (429 beyond), and
 *  - a stream ends when the right to it does: a revoked key or session, a
 *    signed-out or deactivated user, a lowered role. The services that make
 *    those changes close the streams at once (`close`); a periodic check
 *    (`check`, every `checkEveryMs` while streams are open) catches changes
 *    made elsewhere (better-auth's own sign-out, another instance).
 *
 * It knows nothing of HTTP or the database: the stream route opens a lease
 * with a close callback, and the access policy is passed in.
 */
export type Role = "viewer" | "responder" | "admin";

export type StreamOwner = {
  /** What the stream was opened with. */
  credential: { kind: "session" | "api_key"; id: string };
  /** The person behind it; null for a service key. */
  userId: string | null;
  /** The role it was opened with; a lower current role ends it. */
  role: Role;
};

export type StreamLease = { release(): void };

/** The current role behind each credential ("session:<id>" / "api_key:<id>"), null when it is gone. */
export type AccessCheck = (credentials: StreamOwner["credential"][]) => Promise<Map<string, Role | null>>;

type Entry = { owner: StreamOwner; close: (reason: string) => void };

/** The 429 for a holder over a cap (the same words whether one instance counts or all of them). */
export function tooManyStreams(owner: StreamOwner, scope: "credential" | "user", max: number): AppError {
  const what = scope === "user" ? "user" : owner.credential.kind === "api_key" ? "API key" : "session";
  return new AppError("rate_limited", `Too many open live streams for this ${what} (at most ${max}); close one before opening another`);
}

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2 };
export const credentialKey = (c: StreamOwner["credential"]) => `${c.kind}:${c.id}`;

export class StreamRegistry {
  private readonly entries = new Set<Entry>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private checking = false;

  constructor(
    private readonly opts: { maxPerCredential: number; maxPerUser: number; checkEveryMs: number; check: AccessCheck },
  ) {}

  /** Register a stream; throws a 429 AppError when its holder has too many open. */
  open(owner: StreamOwner, close: (reason: string) => void): StreamLease {
    const key = credentialKey(owner.credential);
    let perCredential = 0;
    let perUser = 0;
    for (const e of this.entries) {
      if (credentialKey(e.owner.credential) === key) perCredential++;
      if (owner.userId && e.owner.userId === owner.userId) perUser++;
    }
    if (perCredential >= this.opts.maxPerCredential) throw tooManyStreams(owner, "credential", this.opts.maxPerCredential);
    if (owner.userId && perUser >= this.opts.maxPerUser) throw tooManyStreams(owner, "user", this.opts.maxPerUser);
    const entry: Entry = { owner, close };
    this.entries.add(entry);
    this.startChecking();
    return {
      release: () => {
        this.entries.delete(entry);
        if (this.entries.size === 0) this.stopChecking();
      },
    };
  }

  /** Close the streams that match; returns how many. */
  close(match: { userId?: string; credential?: StreamOwner["credential"] }, reason: string): number {
    const key = match.credential ? credentialKey(match.credential) : null;
    let closed = 0;
    for (const entry of [...this.entries]) {
      const { owner } = entry;
      if (match.userId !== undefined && owner.userId !== match.userId) continue;
      if (key !== null && credentialKey(owner.credential) !== key) continue;
      this.entries.delete(entry);
      entry.close(reason);
      closed++;
    }
    if (this.entries.size === 0) this.stopChecking();
    return closed;
  }

  count(): number {
    return this.entries.size;
  }

  /** Ask the access policy about every open stream's credential; close what lost its right. */
  async checkNow(): Promise<void> {
    if (this.checking || this.entries.size === 0) return;
    this.checking = true;
    try {
      const credentials = new Map<string, StreamOwner["credential"]>();
      for (const { owner } of this.entries) credentials.set(credentialKey(owner.credential), owner.credential);
      const current = await this.opts.check([...credentials.values()]);
      for (const entry of [...this.entries]) {
        const role = current.get(credentialKey(entry.owner.credential));
        if (role === undefined) continue; // not checked this round
        if (role === null) {
          this.entries.delete(entry);
          entry.close("access revoked");
        } else if (RANK[role] < RANK[entry.owner.role]) {
          this.entries.delete(entry);
          entry.close("role lowered");
        }
      }
      if (this.entries.size === 0) this.stopChecking();
    } catch (err) {
      console.error("[debrief] live stream access check failed:", err);
    } finally {
      this.checking = false;
    }
  }

  private startChecking(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.checkNow(), this.opts.checkEveryMs);
    this.timer.unref?.();
  }

  private stopChecking(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
  }
}
