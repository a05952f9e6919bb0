import { randomInt, timingSafeEqual, createHash, createHmac } from "node:crypto";
import { databaseUrl, providerOf } from "../db/url";

/**
 * The one-time code that first-run setup asks for when the request does not
 * come from the server's own machine: whoever can read the server's log may
 * create the first admin; the first stranger on the network may not.
 *
 * It is made and printed when the server starts on an instance without
 * users (server.ts calls announceSetupCode), kept in memory only, and
 * forgotten once the first admin exists. A restart prints a new one. On
 * PostgreSQL, where several instances behind a load balancer must accept the
 * same code, it is derived from BETTER_AUTH_SECRET (which they share and
 * which must be set there) instead of drawn at random: every instance prints
 * the same one, and it is as secret as the secret.
 */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I/L
const GROUPS = 3;
const GROUP_LENGTH = 4;

type Holder = { code: string | null };
const holder = (): Holder => {
  const g = globalThis as unknown as { __debriefSetupCode?: Holder };
  g.__debriefSetupCode ??= { code: null };
  return g.__debriefSetupCode;
};

/** The code's characters: drawn at random, or taken from an HMAC of the shared secret. */
function newCode(): string {
  const secret = providerOf(databaseUrl()) === "postgresql" ? process.env.BETTER_AUTH_SECRET : undefined;
  const digest = secret ? createHmac("sha512", secret).update("debrief first-run setup code v1").digest() : null;
  let at = 0;
  // 256 = 8 × 31 + 8: bytes of 248 and above are skipped, so every character is equally likely.
  const next = (): string => {
    if (!digest) return ALPHABET[randomInt(ALPHABET.length)] ?? "";
    for (;;) {
      const byte = digest[at++ % digest.length] ?? 0;
      if (at > digest.length * 4) return ALPHABET[byte % ALPHABET.length] ?? "";
      if (byte < 248) return ALPHABET[byte % ALPHABET.length] ?? "";
    }
  };
  return Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, next).join("")).join("-");
}

/** What a person may type: any case, with or without dashes and spaces. */
function normalize(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

/** The current code, made (and printed) on first use. */
export function currentSetupCode(log: (line: string) => void = console.log): string {
  const h = holder();
  if (!h.code) {
    h.code = newCode();
    log(
      `[debrief] First-run setup code: ${h.code} — the setup page asks for it when opened from another machine; it is valid until the first admin exists.`,
    );
  }
  return h.code;
}

/** At start-up, on an instance that still needs setup: make and print the code. */
export function announceSetupCode(log?: (line: string) => void): void {
  currentSetupCode(log);
}

/** Constant-time comparison of a typed code with the current one. */
export function setupCodeMatches(given: string): boolean {
  const digest = (s: string) => createHash("sha256").update(normalize(s)).digest();
  return timingSafeEqual(digest(given), digest(currentSetupCode()));
}

/** The first admin exists: the code is spent. */
export function forgetSetupCode(): void {
  holder().code = null;
}
