import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isTimedPaste, parseChatLog, type PastedLine } from "@/lib/timeline/chat-log";
import { parseEntryLine } from "@/lib/timeline/parse-entry";
import { ZCreateTimelineEvent } from "@/lib/timeline/schemas";
import { chatLogFixture } from "../support/chat-logs";

// Chat logs as people copy them (test/fixtures/chat-logs/*.txt are written
// the way each app puts them on the clipboard), read into entries with the
// speaker as attribution.

// A fixed "now": 2026-03-04 20:00 UTC.
const NOW = new Date("2026-03-04T20:00:00.000Z");

type Row = [string, string | null, string | null, string];
/** [ISO time, speaker, kind, body] per entry. */
function rows(lines: PastedLine[]): Row[] {
  return lines.map((l) => [l.occurredAt.toISOString(), l.speaker, l.kind, l.body]);
}

function clean(lines: PastedLine[]) {
  expect(lines.filter((l) => l.error).map((l) => `${l.raw}: ${l.error}`)).toEqual([]);
  expect(lines.some((l) => l.missingTime)).toBe(false);
}

describe("Slack", () => {
  it("reads a desktop copy: name and time on one line, the text below, later messages as a bare time", () => {
    const log = parseChatLog(chatLogFixture("slack-desktop.txt"), NOW, { timeZone: "UTC" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-04T18:21:00.000Z", "Alice Smith", null, "seeing elevated 502s on checkout, error rate ~12%"],
      // "6:22" under a 6:21 PM header is 6:22 PM, the same speaker
      ["2026-03-04T18:22:00.000Z", "Alice Smith", null, "paging the payments on-call"],
      // a kind prefix after the speaker still works; "(edited)" is Slack's, not the message's
      ["2026-03-04T18:24:00.000Z", "Bob Jones", "action", "rolling back deploy 4521\nlooks like the canary went out at 6:15"],
      ["2026-03-04T18:31:00.000Z", "Alice Smith", null, "We are investigating elevated errors at checkout."],
    ]);
    expect(log.lines.map((l) => l.isPublic)).toEqual([false, false, false, true]);
    expect(log).toMatchObject({ chat: true, zoneless: true, twelveHour: true });
  });

  it("reads its times in the reader's zone, and today's evening times from this morning as yesterday's", () => {
    // 20:00 UTC is 15:00 in New York: 6:21 PM today there has not happened yet.
    const ny = parseChatLog(chatLogFixture("slack-desktop.txt"), NOW, { timeZone: "America/New_York" });
    expect(ny.lines.map((l) => l.occurredAt.toISOString())).toEqual([
      "2026-03-03T23:21:00.000Z",
      "2026-03-03T23:22:00.000Z",
      "2026-03-03T23:24:00.000Z",
      "2026-03-03T23:31:00.000Z",
    ]);
    const berlin = parseChatLog(chatLogFixture("slack-desktop.txt"), NOW, { timeZone: "Europe/Berlin" });
    expect(berlin.lines[0]?.occurredAt.toISOString()).toBe("2026-03-04T17:21:00.000Z");
  });

  it("follows date lines across midnight in a multi-day log", () => {
    const log = parseChatLog(chatLogFixture("slack-multi-day.txt"), NOW, { timeZone: "UTC" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-03T23:52:00.000Z", "Alice Smith", null, "deploy 4521 started on checkout-api"],
      ["2026-03-04T00:07:00.000Z", "Alice Smith", null, "error rate climbing on checkout"],
      ["2026-03-04T00:08:00.000Z", "Alice Smith", null, "p99 latency 4.2s"],
      ["2026-03-04T00:09:00.000Z", "Bob Jones", "alert", "PagerDuty: checkout-5xx firing"],
    ]);
  });

  it("reads the bracketed one-line form, with continuation lines and kind and public prefixes after the speaker", () => {
    const log = parseChatLog(chatLogFixture("slack-bracketed.txt"), NOW, { timeZone: "UTC" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-04T18:21:00.000Z", "alice", null, "seeing errors on checkout"],
      ["2026-03-04T18:21:00.000Z", "alice", null, "error rate is ~12%, mostly 502s"],
      ["2026-03-04T18:23:00.000Z", "bob", "action", "rolled back deploy 4521"],
      ["2026-03-04T18:24:00.000Z", "bob", "decision", "freeze deploys until the postmortem\nhttps://wiki.example.com/runbooks/deploy-freeze"],
      ["2026-03-04T18:30:00.000Z", "carol", "communication", "posted an update to the status page"],
      ["2026-03-04T18:31:00.000Z", "pagerduty-bot", null, "[RESOLVED] checkout-5xx"],
    ]);
    expect(log.lines[4]?.isPublic).toBe(true);
  });

  it("reads 24-hour bracketed copies and a multi-day log whose first lines come before the first date line", () => {
    const text = "[23:55] alice: deploy started\nWednesday, March 4th\n[00:05] bob: errors climbing\n[00:20] bob: rolled back";
    expect(rows(parseChatLog(text, NOW, { timeZone: "UTC" }).lines)).toEqual([
      ["2026-03-03T23:55:00.000Z", "alice", null, "deploy started"],
      ["2026-03-04T00:05:00.000Z", "bob", null, "errors climbing"],
      ["2026-03-04T00:20:00.000Z", "bob", null, "rolled back"],
    ]);
  });
});

describe("Teams, Google Chat, Discord", () => {
  it("reads classic Teams copies: [date time] Last, First, the text below", () => {
    const log = parseChatLog(chatLogFixture("teams-classic.txt"), NOW, { timeZone: "UTC" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-03T18:21:00.000Z", "Smith, Alice", null, "seeing errors on checkout"],
      ["2026-03-03T18:23:00.000Z", "Jones, Bob", null, "rolled back deploy 4521\nchecking dashboards now"],
      ["2026-03-03T18:40:00.000Z", "Smith, Alice", null, "error rate back to baseline"],
    ]);
  });

  it("reads 3/4/2026 day-first when asked, and 13/3/2026 either way", () => {
    const text = "[3/4/2026 6:21 PM] Smith, Alice\nseeing errors\n[13/3/2026 6:22 PM] Smith, Alice\nstill";
    const dmy = parseChatLog(text, new Date("2026-04-10T00:00:00Z"), { timeZone: "UTC", dateOrder: "dmy" });
    expect(dmy.lines.map((l) => l.occurredAt.toISOString())).toEqual(["2026-04-03T18:21:00.000Z", "2026-03-13T18:22:00.000Z"]);
    const mdy = parseChatLog(text, new Date("2026-04-10T00:00:00Z"), { timeZone: "UTC" });
    expect(mdy.lines[0]?.occurredAt.toISOString()).toBe("2026-03-04T18:21:00.000Z");
  });

  it("reads new Teams copies: a name line, a time line, the text", () => {
    const log = parseChatLog(chatLogFixture("teams-new.txt"), NOW, { timeZone: "UTC" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-04T18:21:00.000Z", "Alice Smith", null, "seeing errors on checkout"],
      ["2026-03-04T18:23:00.000Z", "Bob Jones (External)", null, "rolled back deploy 4521"],
      ["2026-03-04T18:25:00.000Z", "Bob Jones (External)", null, "error rate dropping"],
      ["2026-03-04T18:40:00.000Z", "Alice Smith", null, "Mitigated: error rate back to baseline"],
    ]);
  });

  it("reads Google Chat (name, time) and Discord (name — Today at time) headers", () => {
    expect(rows(parseChatLog(chatLogFixture("google-chat.txt"), NOW, { timeZone: "UTC" }).lines)).toEqual([
      ["2026-03-04T18:21:00.000Z", "Alice Smith", null, "seeing errors on checkout"],
      ["2026-03-04T18:23:00.000Z", "Bob Jones", "action", "rolled back deploy 4521"],
    ]);
    expect(rows(parseChatLog(chatLogFixture("discord.txt"), NOW, { timeZone: "UTC" }).lines)).toEqual([
      ["2026-03-04T18:21:00.000Z", "alice", null, "seeing errors on checkout"],
      ["2026-03-04T18:23:00.000Z", "bob", "action", "rolled back deploy 4521"],
      ["2026-03-03T23:58:00.000Z", "alice", null, "(an older message quoted)"],
    ]);
  });
});

describe("logs with ISO stamps and seconds", () => {
  it("takes IRC-style <speaker> after ISO stamps, in UTC whatever the reader's zone", () => {
    const log = parseChatLog(chatLogFixture("irc-iso.txt"), NOW, { timeZone: "Asia/Tokyo" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-03T18:21:05.000Z", "alice", null, "seeing errors on checkout"],
      ["2026-03-03T18:21:40.000Z", "alice", null, "error rate ~12%"],
      ["2026-03-03T18:23:12.000Z", "bob", "action", "rolled back deploy 4521"],
    ]);
    expect(log.zoneless).toBe(false);
  });

  it("keeps seconds, and never takes a component or a log level for a speaker", () => {
    const log = parseChatLog(chatLogFixture("log-seconds.txt"), NOW, { timeZone: "UTC" });
    clean(log.lines);
    expect(rows(log.lines)).toEqual([
      ["2026-03-04T18:21:05.000Z", null, null, "checkout-api 502 rate above 5%"],
      ["2026-03-04T18:21:40.000Z", null, "alert", "PagerDuty incident #4411 triggered"],
      ["2026-03-04T18:23:12.000Z", null, null, "db: connection pool exhausted on db-3"],
      ["2026-03-04T18:24:00.000Z", null, null, "ERROR: retries exhausted for payment-worker"],
    ]);
    expect(log.chat).toBe(false);
  });

  it("rolls a dated log over midnight, and counts undated lines back from the first date", () => {
    const text = "2026-03-03 23:50:10 deploy started\n00:10:00 errors\n00:12:30 rolled back";
    expect(parseChatLog(text, NOW).lines.map((l) => l.occurredAt.toISOString())).toEqual([
      "2026-03-03T23:50:10.000Z",
      "2026-03-04T00:10:00.000Z",
      "2026-03-04T00:12:30.000Z",
    ]);
    const before = "23:40 first\n23:55 second\n2026-03-04 00:05 third";
    expect(parseChatLog(before, NOW).lines.map((l) => l.occurredAt.toISOString())).toEqual([
      "2026-03-03T23:40:00.000Z",
      "2026-03-03T23:55:00.000Z",
      "2026-03-04T00:05:00.000Z",
    ]);
  });
});

describe("what is not a chat", () => {
  it("keeps a plain log's lines without a time as entries of their own, flagged", () => {
    const lines = parseChatLog("09:02 paged\nstill paging\n09:05 a: rolled back", NOW).lines;
    expect(lines.map((l) => [l.body, l.missingTime, l.speaker])).toEqual([
      ["paged", false, null],
      ["still paging", true, null],
      ["rolled back", false, null],
    ]);
  });

  it("does not take short words before a 24-hour time for a speaker, nor a single word after a bracketed one", () => {
    expect(parseChatLog("deploy 14:00\nfailed tests\n14:05 retry", NOW).chat).toBe(false);
    expect(parseChatLog("[09:02] paged\nstill paging", NOW).lines.map((l) => l.speaker)).toEqual([null, null]);
  });

  it("reads a typed chat line's speaker too (the entry box)", () => {
    const r = parseEntryLine("[6:21 PM] alice: a: rolled back", NOW);
    expect(r.ok && r.entry).toMatchObject({ speaker: "alice", kind: "action", body: "rolled back" });
    const plain = parseEntryLine("18:21 db: slow queries", NOW);
    expect(plain.ok && plain.entry).toMatchObject({ speaker: null, body: "db: slow queries" });
  });

  it("previews chat copies, even a single message, but not a single plain line", () => {
    expect(isTimedPaste(chatLogFixture("slack-desktop.txt"), NOW)).toBe(true);
    expect(isTimedPaste(chatLogFixture("teams-new.txt"), NOW)).toBe(true);
    expect(isTimedPaste("[6:21 PM] alice: seeing errors", NOW)).toBe(true);
    expect(isTimedPaste("09:02 paged", NOW)).toBe(false);
    expect(isTimedPaste("Alice Smith\nsome prose\nmore prose", NOW)).toBe(false);
  });

  it("reads unicode spaces chat apps copy (6:21\u202fPM) and zero-width marks", () => {
    const log = parseChatLog("Alice Smith\u00a0\u00a06:21\u202fPM\n\u200bseeing errors", NOW, { timeZone: "UTC" });
    expect(rows(log.lines)).toEqual([["2026-03-04T18:21:00.000Z", "Alice Smith", null, "seeing errors"]]);
  });
});

describe("properties", () => {
  const chatLine = fc.record({
    h: fc.integer({ min: 1, max: 12 }),
    m: fc.integer({ min: 0, max: 59 }),
    pm: fc.boolean(),
    name: fc.constantFrom("alice", "bob", "Alice Smith", "Smith, Alice"),
    body: fc.stringMatching(/^[a-z][a-z0-9 ]{0,30}[a-z0-9]$/),
  });

  it("never throws, and everything it would post is a valid entry", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom("UTC", "America/New_York", "Asia/Kolkata", "Not/AZone"), (text, zone) => {
        for (const line of parseChatLog(text, NOW, { timeZone: zone }).lines) {
          if (Number.isNaN(line.occurredAt.getTime())) return false;
          if (line.error || !line.body) continue;
          const valid = ZCreateTimelineEvent.safeParse({
            body: line.body,
            occurredAt: line.occurredAt.toISOString(),
            endedAt: line.endedAt?.toISOString() ?? null,
            attribution: line.speaker,
          });
          if (!valid.success && line.occurredAt.getTime() >= 0) return false;
        }
        return true;
      }),
    );
  });

  it("reads back every bracketed 12-hour line it is given", () => {
    fc.assert(
      fc.property(fc.array(chatLine, { minLength: 1, maxLength: 8 }), (messages) => {
        const text = messages.map((c) => `[${c.h}:${String(c.m).padStart(2, "0")} ${c.pm ? "PM" : "AM"}] ${c.name}: ${c.body}`).join("\n");
        const log = parseChatLog(text, NOW, { timeZone: "UTC" });
        if (log.lines.length !== messages.length) return false;
        return log.lines.every((l, i) => {
          const c = messages[i];
          if (!c) return false;
          const h24 = (c.h % 12) + (c.pm ? 12 : 0);
          return l.speaker === c.name && l.body === c.body.trim() && l.occurredAt.getUTCHours() === h24 && l.occurredAt.getUTCMinutes() === c.m;
        });
      }),
    );
  });

  it("reads a 5,000-line paste in one pass (no regular expression backtracks badly)", () => {
    const big = Array.from({ length: 5000 }, (_, i) => `[${(i % 12) + 1}:0${i % 10} PM] user${i % 7}: ${"x".repeat(i % 300)} ${":".repeat(i % 50)}`).join("\n");
    expect(parseChatLog(big, NOW).lines).toHaveLength(5000);
  });
});
