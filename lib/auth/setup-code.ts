import { randomInt, timingSafeEqual, createHash } from "node:crypto";

/**
 * The one-time code that first-run setup asks for when the request does not
 * come from the server's own machine: whoever can read the server's log may
 * create the first admin; the first stranger on the network may not.
 *
 * It is made and printed when the server starts on an instance without
 * users (server.ts calls announceSetupCode), kept in memory only, and
 * forgotten once the first admin exists. A restart prints a new one.
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

function newCode(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return groups.join("-");
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
