import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, parseSafeNext, safeNextPath } from "@/lib/auth/safe-next";

// `next` after sign-in: the value as the page receives it (query decoding
// already done once by the URL), which the browser then navigates to.

/** Where a browser would go from https://debrief.example/sign-in for this value. */
function landsOn(value: string): string {
  return new URL(value, "https://debrief.example/sign-in").origin;
}

const HOSTILE = [
  "//evil.example/phish",
  "/\\evil.example/phish", // %5C, decoded once by the query parser
  "\\\\evil.example",
  "/\t/evil.example/phish", // %09: browsers drop tabs and newlines
  "/\n/evil.example",
  "/\r/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%5Cevil.example/phish", // still encoded once more
  "/%255Cevil.example", // twice
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%E0%A4%A", // malformed percent-encoding
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/javascript:alert(1)",
  "//%65vil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/%2e%2e//evil.example",
  "/./\\evil.example",
  "///evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/\u200b/evil.example",
  "/\u2028/evil.example",
  "/\ufeff/evil.example",
  "evil.example",
  "incidents",
  "?next=//evil.example",
  "#//evil.example",
  "",
  `/${"a".repeat(2001)}`,
];

const SAFE: [string, string][] = [
  ["/incidents", "/incidents"],
  ["/incidents/12", "/incidents/12"],
  ["/incidents/12/postmortem?tab=timeline#summary", "/incidents/12/postmortem?tab=timeline#summary"],
  ["/action-items?status=open&q=db%20failover", "/action-items?status=open&q=db%20failover"],
  ["/incidents?q=https://status.example/x", "/incidents?q=https://status.example/x"],
  ["/settings/users", "/settings/users"],
];

describe("next after sign-in", () => {
  it.each(HOSTILE.map((value) => ({ value })))("refuses $value", ({ value }) => {
    expect(parseSafeNext(value)).toBeNull();
    expect(safeNextPath(value)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it.each(SAFE.map(([value, expected]) => ({ value, expected })))("keeps $value", ({ value, expected }) => {
    expect(parseSafeNext(value)).toBe(expected);
  });

  it("only ever yields a path on this instance, whatever the input", () => {
    const pieces = ["/", "\\", "//", "%2F", "%5C", "%25", "%09", "\t", "\n", ".", "..", "evil.example", ":", "@", "?", "#", "%", "\u3000", "a"];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 20_000; n++) {
      const value = Array.from({ length: 1 + Math.floor(random() * 7) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const result = safeNextPath(value);
      expect(landsOn(result), JSON.stringify(value)).toBe("https://debrief.example");
      expect(result.startsWith("/") && !result.startsWith("//") && !result.includes("\\")).toBe(true);
    }
  });

  it("answers the default for anything that is not a string", () => {
    for (const value of [undefined, null, 42, ["/incidents"], { next: "/incidents" }]) expect(safeNextPath(value)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});
