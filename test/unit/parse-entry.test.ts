import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  isTimedPaste,
  parseEntryLine,
  parsePastedLines,
  parseTimeText,
  type ParsedEntry,
} from "@/lib/timeline/parse-entry";
import { formatDuration, formatOffset, formatUtcClock, formatUtcDateTime, localTimeTitle } from "@/lib/time-format";
import { ZCreateTimelineEvent } from "@/lib/timeline/schemas";

// A fixed "now": 2026-03-04 10:00:00 UTC.
const NOW = new Date("2026-03-04T10:00:00.000Z");

function ok(line: string, now = NOW): ParsedEntry {
  const r = parseEntryLine(line, now);
  if (!r.ok) throw new Error(`expected "${line}" to parse, got: ${r.error}`);
  return r.entry;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

describe("parseEntryLine: no time", () => {
  it("leaves the time to the caller and keeps the text", () => {
    expect(ok("Paged the database on-call")).toEqual({
      occurredAt: null,
      endedAt: null,
      timeText: null,
      kind: null,
      isPublic: false,
      speaker: null,
      body: "Paged the database on-call",
    });
  });

  it("trims and keeps inner whitespace and newlines", () => {
    expect(ok("   two  spaces\nand a line  ").body).toBe("two  spaces\nand a line");
  });

  it("allows an empty line (a milestone brings its own text)", () => {
    expect(ok("   ")).toMatchObject({ occurredAt: null, body: "" });
  });

  it("does not mistake numbers, dashes or words for times", () => {
    for (const line of ["- rolled back", "-1 node down", "500 errors spiking", "12 pods restarted", "1:2 ratio", "v1:23 deployed", "-5 min later"]) {
      expect(ok(line).occurredAt, line).toBeNull();
      expect(ok(line).body, line).toBe(line);
    }
  });
});

describe("parseEntryLine: clock times (HH:MM, HH:MM:SS)", () => {
  it("means today in UTC", () => {
    const e = ok("09:24 Error rate alert fired");
    expect(iso(e.occurredAt)).toBe("2026-03-04T09:24:00.000Z");
    expect(e.body).toBe("Error rate alert fired");
    expect(e.timeText).toBe("09:24");
  });

  it("reads seconds and single-digit hours", () => {
    expect(iso(ok("9:05:30 x").occurredAt)).toBe("2026-03-04T09:05:30.000Z");
  });

  it("stays today when only a few minutes ahead (clock skew)", () => {
    expect(iso(ok("10:04 x").occurredAt)).toBe("2026-03-04T10:04:00.000Z");
    expect(iso(ok("10:05 x").occurredAt)).toBe("2026-03-04T10:05:00.000Z");
  });

  it("means yesterday when today would be more than a few minutes in the future", () => {
    expect(iso(ok("10:06 x").occurredAt)).toBe("2026-03-03T10:06:00.000Z");
    expect(iso(ok("23:50 deploy started").occurredAt)).toBe("2026-03-03T23:50:00.000Z");
  });

  it("crosses month and year boundaries for yesterday", () => {
    const newYear = new Date("2026-01-01T00:10:00Z");
    expect(iso(ok("23:55 x", newYear).occurredAt)).toBe("2025-12-31T23:55:00.000Z");
    const march1 = new Date("2028-03-01T00:01:00Z"); // 2028 is a leap year
    expect(iso(ok("23:00 x", march1).occurredAt)).toBe("2028-02-29T23:00:00.000Z");
  });

  it("accepts Z / UTC after the time and the usual separators before the text", () => {
    for (const line of ["09:24 UTC paged", "09:24Z paged", "09:24 - paged", "09:24: paged", "09:24 — paged", "09:24 | paged", "[09:24] paged", "[09:24 UTC] paged"]) {
      const e = ok(line);
      expect(iso(e.occurredAt), line).toBe("2026-03-04T09:24:00.000Z");
      expect(e.body, line).toBe("paged");
    }
  });

  it("keeps a text that merely starts with a Z", () => {
    expect(ok("09:24 Zabbix fired").body).toBe("Zabbix fired");
  });

  it("rejects impossible times with a clear message", () => {
    for (const line of ["25:00 x", "09:60 x", "09:24:61 x", "24:00 x"]) {
      const r = parseEntryLine(line, NOW);
      expect(r.ok, line).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/not a valid time/);
    }
  });

  it("reads a span 11:32-13:05, with an end before the start on the next day", () => {
    const e = ok("08:32-09:05 Elevated 5xx");
    expect(iso(e.occurredAt)).toBe("2026-03-04T08:32:00.000Z");
    expect(iso(e.endedAt)).toBe("2026-03-04T09:05:00.000Z");
    expect(e.body).toBe("Elevated 5xx");
    const overnight = ok("23:50–00:20 maintenance window");
    expect(iso(overnight.occurredAt)).toBe("2026-03-03T23:50:00.000Z");
    expect(iso(overnight.endedAt)).toBe("2026-03-04T00:20:00.000Z");
  });

  it("does not take a time followed by a dash and a count as a span", () => {
    const e = ok("09:00 - 5 servers down");
    expect(e.endedAt).toBeNull();
    expect(e.body).toBe("5 servers down");
  });

  it("accepts a line that is only a time (empty body)", () => {
    expect(ok("09:24")).toMatchObject({ body: "" });
    expect(iso(ok("09:24").occurredAt)).toBe("2026-03-04T09:24:00.000Z");
  });
});

describe("parseEntryLine: relative times", () => {
  it.each([
    ["-5m", 5 * 60],
    ["-90s", 90],
    ["-2h", 7200],
    ["-1h30m", 5400],
    ["-1h30m15s", 5415],
    ["-0m", 0],
    ["-2H", 7200],
  ])("%s is that long before now", (token, seconds) => {
    const e = ok(`${token} something happened`);
    expect(e.occurredAt?.getTime()).toBe(NOW.getTime() - seconds * 1000);
    expect(e.body).toBe("something happened");
    expect(e.timeText).toBe(token);
  });

  it("refuses more than 30 days back", () => {
    const r = parseEntryLine("-800h x", NOW);
    expect(r.ok).toBe(false);
  });

  it("needs a space after the token", () => {
    expect(ok("-5mx").occurredAt).toBeNull();
  });
});

describe("parseEntryLine: dates", () => {
  it("reads 'YYYY-MM-DD HH:MM[:SS]' as UTC", () => {
    expect(iso(ok("2026-03-03 23:50 deploy").occurredAt)).toBe("2026-03-03T23:50:00.000Z");
    expect(iso(ok("2026-03-03 23:50:10 UTC deploy").occurredAt)).toBe("2026-03-03T23:50:10.000Z");
    expect(ok("2026-03-03 23:50 deploy").body).toBe("deploy");
  });

  it("reads a dated span", () => {
    const e = ok("2026-03-03 23:50-00:10 window");
    expect(iso(e.endedAt)).toBe("2026-03-04T00:10:00.000Z");
  });

  it("reads ISO 8601 with Z, with an offset, with fractions and without a zone (UTC)", () => {
    expect(iso(ok("2026-03-03T23:50:00Z x").occurredAt)).toBe("2026-03-03T23:50:00.000Z");
    expect(iso(ok("2026-03-03T23:50:00.250Z x").occurredAt)).toBe("2026-03-03T23:50:00.250Z");
    expect(iso(ok("2026-03-04T01:50:00+02:00 x").occurredAt)).toBe("2026-03-03T23:50:00.000Z");
    expect(iso(ok("2026-03-03T18:50-0500 x").occurredAt)).toBe("2026-03-03T23:50:00.000Z");
    expect(iso(ok("2026-03-03T23:50 x").occurredAt)).toBe("2026-03-03T23:50:00.000Z");
    expect(ok("2026-03-03T23:50:00Z").body).toBe("");
  });

  it("rejects impossible dates", () => {
    for (const line of ["2026-02-30 10:00 x", "2026-13-01T00:00:00Z x", "2026-03-03 25:00 x", "2026-03-03T10:00:00+25:00 x"]) {
      expect(parseEntryLine(line, NOW).ok, line).toBe(false);
    }
  });
});

describe("parseEntryLine: public updates", () => {
  it("takes public: at the start, after the time or after the kind", () => {
    expect(ok("public: We are investigating")).toMatchObject({ isPublic: true, kind: null, body: "We are investigating", occurredAt: null });
    expect(ok("PUBLIC:We are investigating").isPublic).toBe(true);
    for (const line of ["public: 09:24 c: Fix deployed", "09:24 public: c: Fix deployed", "09:24 c: public: Fix deployed", "c: public: 09:24 Fix deployed"]) {
      const e = ok(line);
      expect(e, line).toMatchObject({ isPublic: true, kind: "communication", body: "Fix deployed" });
      expect(iso(e.occurredAt), line).toBe("2026-03-04T09:24:00.000Z");
    }
  });

  it("needs the whole word, once", () => {
    expect(ok("p: 99th percentile up").isPublic).toBe(false);
    expect(ok("publicly announced").isPublic).toBe(false);
    expect(ok("the public: saw errors").isPublic).toBe(false);
    expect(ok("public: public: twice")).toMatchObject({ isPublic: true, body: "public: twice" });
  });

  it("marks pasted lines too", () => {
    const lines = parsePastedLines("09:00 public: Investigating\n09:05 internal note", NOW);
    expect(lines.map((l) => [l.isPublic, l.body])).toEqual([
      [true, "Investigating"],
      [false, "internal note"],
    ]);
  });
});

describe("parseEntryLine: kinds", () => {
  it.each([
    ["a: rolled back", "action", "rolled back"],
    ["action: rolled back", "action", "rolled back"],
    ["A:rolled back", "action", "rolled back"],
    ["d: fail over to us-east", "decision", "fail over to us-east"],
    ["decision: fail over", "decision", "fail over"],
    ["c: status page updated", "communication", "status page updated"],
    ["comm: status page updated", "communication", "status page updated"],
    ["communication: status page updated", "communication", "status page updated"],
    ["! disk full on db-3", "alert", "disk full on db-3"],
    ["!disk full", "alert", "disk full"],
    ["alert: disk full", "alert", "disk full"],
    ["n: just a note", "note", "just a note"],
    ["note: just a note", "note", "just a note"],
  ])("%s → %s", (line, kind, body) => {
    expect(ok(line)).toMatchObject({ kind, body, occurredAt: null });
  });

  it("takes the kind after the time or before it", () => {
    const after = ok("09:24 a: rolled back");
    const before = ok("a: 09:24 rolled back");
    for (const e of [after, before]) {
      expect(e).toMatchObject({ kind: "action", body: "rolled back" });
      expect(iso(e.occurredAt)).toBe("2026-03-04T09:24:00.000Z");
    }
    expect(ok("-5m ! pager storm")).toMatchObject({ kind: "alert", body: "pager storm" });
  });

  it("does not take ordinary words for prefixes", () => {
    expect(ok("alice: paged").kind).toBeNull();
    expect(ok("https://status.example.com updated").kind).toBeNull();
    expect(ok("dns: resolvers flapping").kind).toBeNull();
  });
});

describe("parseTimeText (edit form)", () => {
  it("reads every time form on its own", () => {
    expect(parseTimeText("2026-03-03 23:50:10", NOW)).toMatchObject({ ok: true, occurredAt: new Date("2026-03-03T23:50:10Z") });
    expect(parseTimeText(" 09:24 ", NOW)).toMatchObject({ ok: true, occurredAt: new Date("2026-03-04T09:24:00Z") });
    expect(parseTimeText("-5m", NOW)).toMatchObject({ ok: true, occurredAt: new Date(NOW.getTime() - 300_000) });
  });

  it("refuses text and junk", () => {
    expect(parseTimeText("yesterday", NOW).ok).toBe(false);
    expect(parseTimeText("09:24 paged", NOW).ok).toBe(false);
    expect(parseTimeText("", NOW).ok).toBe(false);
  });
});

describe("pasted chat logs", () => {
  const log = "[09:02] paged\n09:05 a: rolled back\n  \nstill rolling\n25:00 bogus\n09:06";

  it("gives one entry per non-empty line, flagging lines without a time", () => {
    const lines = parsePastedLines(log, NOW);
    expect(lines.map((l) => l.body)).toEqual(["paged", "rolled back", "still rolling", "25:00 bogus", ""]);
    expect(lines.map((l) => l.missingTime)).toEqual([false, false, true, false, false]);
    expect(lines[1]?.kind).toBe("action");
    // a line without a time keeps the log's order by taking the previous time
    expect(iso(lines[2]?.occurredAt ?? null)).toBe("2026-03-04T09:05:00.000Z");
    expect(lines[3]?.error).toMatch(/not a valid time/);
    expect(lines[4]?.error).toMatch(/No text/);
  });

  it("places a first line without a time at now", () => {
    expect(parsePastedLines("hello\n09:00 x", NOW)[0]?.occurredAt).toEqual(NOW);
  });

  it("handles a log across midnight pasted the next morning", () => {
    const lines = parsePastedLines("23:58 deploy\n00:03 errors", new Date("2026-03-04T00:30:00Z"));
    expect(lines.map((l) => iso(l.occurredAt))).toEqual(["2026-03-03T23:58:00.000Z", "2026-03-04T00:03:00.000Z"]);
  });

  it("previews only multi-line pastes that mostly start with times", () => {
    expect(isTimedPaste("09:02 paged\n09:05 rolled back", NOW)).toBe(true);
    expect(isTimedPaste("09:02 paged\nmore detail", NOW)).toBe(true);
    expect(isTimedPaste("09:02 paged", NOW)).toBe(false);
    expect(isTimedPaste("stack trace\n  at foo\n  at bar", NOW)).toBe(false);
    expect(isTimedPaste("a\nb\n09:00 c", NOW)).toBe(false);
  });
});

describe("properties", () => {
  it("never throws, and every parsed time is a valid instant the API accepts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }), (line, t) => {
        const now = new Date(t);
        const r = parseEntryLine(line, now);
        if (!r.ok) return typeof r.error === "string" && r.error.length > 0;
        const { occurredAt, endedAt, body } = r.entry;
        if (occurredAt === null) return endedAt === null;
        if (Number.isNaN(occurredAt.getTime())) return false;
        if (endedAt && endedAt < occurredAt) return false;
        if (!body) return true;
        return ZCreateTimelineEvent.safeParse({
          body,
          occurredAt: occurredAt.toISOString(),
          endedAt: endedAt?.toISOString() ?? null,
        }).success;
      }),
    );
  });

  it("round-trips every clock time of the day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), (h, m, s) => {
        const text = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
        const e = ok(`${text} x`);
        if (!e.occurredAt) return false;
        const ahead = e.occurredAt.getTime() - NOW.getTime();
        return formatUtcClock(e.occurredAt) === text && ahead <= 5 * 60_000 && ahead > -24 * 3_600_000;
      }),
    );
  });

  it("round-trips the edit form's own format", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2080, 0, 1) }), (t) => {
        const d = new Date(Math.floor(t / 1000) * 1000);
        const r = parseTimeText(formatUtcDateTime(d), NOW);
        return r.ok && r.occurredAt.getTime() === d.getTime();
      }),
    );
  });
});

describe("time formatting", () => {
  it.each([
    [0, "T+0s"],
    [45_000, "T+45s"],
    [-3 * 60_000, "T-3m"],
    [65 * 60_000, "T+1h05m"],
    [(26 * 60 + 5) * 60_000, "T+1d02h"],
    [-(60 * 60_000 + 59_999), "T-1h00m"],
  ])("offset %i ms → %s", (ms, text) => {
    expect(formatOffset(ms)).toBe(text);
  });

  it.each([
    [-5, "0s"],
    [42_000, "42s"],
    [307_000, "5m 07s"],
    [3_912_000, "1h 05m 12s"],
    [(2 * 86_400 + 3 * 3600 + 4 * 60) * 1000, "2d 3h 04m"],
  ])("duration %i ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("gives the viewer's local time for tooltips without throwing", () => {
    expect(localTimeTitle("2026-03-03T23:50:00Z")).toMatch(/^Your local time: .*2026/);
  });
});
