import { describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { savePostmortem } from "../support/postmortem";
import { expectQueryRefused } from "../support/app-error";
import { LOCAL_ACTOR, type Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createIncident, deleteIncident, updateIncident } from "@/lib/incidents/service";
import { createTimelineEvent, deleteTimelineEvent, restoreTimelineEvent, updateTimelineEvent } from "@/lib/timeline/service";
import { updatePostmortem } from "@/lib/postmortem/service";
import { createActionItem, updateActionItem } from "@/lib/action-items/service";
import { searchEverything, type SearchResult } from "@/lib/search/service";
import { SECTION_KEYS } from "@/lib/postmortem/document";

useTempDatabase();
const actor = LOCAL_ACTOR;
const viewer: Actor = { id: "viewer-1", name: "Vera Viewer", role: "viewer", kind: "user" };

// Made-up words the stemmer leaves alone, so each field's word is found only in that field.
const word = (name: string) => `qx${name.toLowerCase()}qx`;

async function search(query: Record<string, string>, who: Actor = actor) {
  return searchEverything({ query, actor: who });
}
async function ids(q: string, extra: Record<string, string> = {}) {
  return (await search({ q, ...extra })).results.map((r) => r.id);
}
/** The matched text of every highlight, lower-cased. */
function marked(r: SearchResult): string[] {
  return r.highlights.map((h) => r.snippet.slice(h.start, h.end).toLowerCase());
}

async function incident(input: Record<string, unknown> = {}) {
  return createIncident({ input: { title: "Checkout outage", severity: "SEV2", ...input }, actor });
}

describe("search: every kind of record", () => {
  it("finds a word written in each field of each kind of record, with the field named and the word highlighted", async () => {
    const inc = await incident({ title: `Payments ${word("incTitle")} down`, summary: `The ${word("incSummary")} summary.`, services: ["Payments API"] });
    const { event } = await createTimelineEvent({
      incidentId: inc.id,
      input: { body: `Saw errors from ${word("eventBody")} in the logs`, statusLabel: `Impact ${word("eventLabel")}` },
      actor,
    });
    const sections = Object.fromEntries(SECTION_KEYS.map((k) => [k, `Text of the section with ${word(k)} inside.`]));
    const saved = await savePostmortem({
      incidentId: inc.id,
      input: {
        sections,
        extraSections: [{ title: `Appendix ${word("extraTitle")}`, body: `Extra ${word("extraBody")} text.` }],
        impactedServices: [{ service: `Ledger ${word("serviceName")}`, impact: `Writes ${word("serviceImpact")} delayed.` }],
        contributingFactors: [{ title: `Factor ${word("factorTitle")}`, description: `Because ${word("factorDescription")} happened.`, category: "process" }],
      },
      actor,
    });
    const { item } = await createActionItem({
      incidentId: inc.id,
      input: { title: `Add ${word("itemTitle")} alert`, description: `Page on ${word("itemDescription")}.`, owner: `Alice ${word("itemOwner")}` },
      actor,
    });

    const expectations: Array<[string, SearchResult["type"], string, string, string | null]> = [
      // [word, type, record id, field, section]
      [word("incTitle"), "incident", inc.id, "title", null],
      [word("incSummary"), "incident", inc.id, "summary", null],
      [word("eventBody"), "event", event.id, "body", null],
      [word("eventLabel"), "event", event.id, "statusLabel", null],
      ...SECTION_KEYS.map((k): [string, SearchResult["type"], string, string, string | null] => [word(k), "postmortem", saved.id, k, k]),
      [word("extraTitle"), "postmortem", saved.id, "title", "extra"],
      [word("extraBody"), "postmortem", saved.id, "body", "extra"],
      [word("serviceName"), "postmortem", saved.impactedServices[0]!.id, "service", "impactedService"],
      [word("serviceImpact"), "postmortem", saved.impactedServices[0]!.id, "impact", "impactedService"],
      [word("factorTitle"), "postmortem", saved.contributingFactors[0]!.id, "title", "contributingFactor"],
      [word("factorDescription"), "postmortem", saved.contributingFactors[0]!.id, "description", "contributingFactor"],
      [word("itemTitle"), "action_item", item.id, "title", null],
      [word("itemDescription"), "action_item", item.id, "description", null],
      [word("itemOwner"), "action_item", item.id, "owner", null],
    ];
    for (const [w, type, id, field, section] of expectations) {
      const { results } = await search({ q: w });
      expect(results, w).toHaveLength(1);
      const r = results[0]!;
      expect({ w, type: r.type, id: r.id, field: r.field, section: r.section }).toEqual({ w, type, id, field, section });
      expect(marked(r), w).toEqual([w]);
      expect(r.incidentId).toBe(inc.id);
      expect(r.incidentNumber).toBe(inc.number);
      expect(r.incidentKey).toBe(`INC-${inc.number}`);
      expect(r.severity).toBe("SEV2");
    }
    // Links and labels.
    const [entry] = (await search({ q: word("eventBody") })).results;
    expect(entry?.url).toBe(`/incidents/${inc.number}#entry-${event.id}`);
    expect(entry?.occurredAt).toEqual(event.occurredAt);
    expect(entry?.label).toBe("Timeline entry");
    const [root] = (await search({ q: word("rootCause") })).results;
    expect(root?.label).toBe("Root cause");
    expect(root?.url).toBe(`/incidents/${inc.number}/postmortem`);
    const [extra] = (await search({ q: word("extraBody") })).results;
    expect(extra?.label).toBe(`Appendix ${word("extraTitle")}`);
    const [owner] = (await search({ q: word("itemOwner") })).results;
    expect(owner?.title).toBe(`Add ${word("itemTitle")} alert`);
    expect(owner?.url).toBe(`/incidents/${inc.number}/action-items?q=${encodeURIComponent(`Add ${word("itemTitle")} alert`)}`);
  });

  it("lets every signed-in role search", async () => {
    const inc = await incident({ title: `Viewer ${word("viewerVisible")}` });
    expect((await search({ q: word("viewerVisible") }, viewer)).results.map((r) => r.id)).toEqual([inc.id]);
  });

  it("matches word forms (stemming), case and accents, and the last word as a prefix while it is typed", async () => {
    const inc = await incident({ title: "Café résumé" });
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "Timeouts from the Rollbackable queue after we deployed" }, actor });
    expect(await ids("timeout")).toContain(event.id);
    expect(await ids("DEPLOYS")).toContain(event.id);
    expect(await ids("rollbackab")).toContain(event.id);
    // A finished word (a space after it) is not a prefix.
    expect(await ids("rollbackab ")).not.toContain(event.id);
    expect(await ids("cafe resume")).toContain(inc.id);
    const [hit] = (await search({ q: "timeouts deployed" })).results.filter((r) => r.id === event.id);
    expect(hit && marked(hit)).toEqual(["timeouts", "deployed"]);
  });

  it("falls back to a typed word's shorter stems only when the word as typed matches nothing", async () => {
    const inc = await incident();
    const { event: logs } = await createTimelineEvent({ incidentId: inc.id, input: { body: "Checked the qxzlogs for the gateway" }, actor });
    const { event: login } = await createTimelineEvent({ incidentId: inc.id, input: { body: "qxzlogin failures at the gateway" }, actor });
    // "qxzlogin" is also "qxzlog" (the stem of "qxzlogs") plus two letters: not a match while the word itself is found.
    expect(await ids("qxzlogin")).toEqual([login.id]);
    expect(await ids("gateway qxzlogin")).toEqual([login.id]);
    // Nothing starts with "qxzlogsab": its stem "qxzlog" is looked for instead, on every page alike.
    expect(await ids("qxzlogsab")).toEqual([logs.id]);
    const first = await search({ q: "gateway qxzlo", limit: "1" });
    const second = await search({ q: "gateway qxzlo", limit: "1", cursor: first.nextCursor ?? "" });
    expect([...first.results, ...second.results].map((r) => r.id).sort()).toEqual([logs.id, login.id].sort());
    const lenientFirst = await search({ q: "the qxzlogsab", limit: "1" });
    expect(lenientFirst.results.map((r) => r.id)).toEqual([logs.id]);
    expect(lenientFirst.nextCursor).toBeNull();
  });

  it("treats a hyphenated chunk or a quoted phrase as words in that order", async () => {
    const inc = await incident();
    const { event: a } = await createTimelineEvent({ incidentId: inc.id, input: { body: "Rolled back deploy-4411 at once" }, actor });
    const { event: b } = await createTimelineEvent({ incidentId: inc.id, input: { body: "Deploy went out; 4411 users saw errors" }, actor });
    expect(await ids("deploy-4411")).toEqual([a.id]);
    expect((await ids("deploy 4411")).sort()).toEqual([a.id, b.id].sort());
    expect(await ids('"back deploy"')).toEqual([a.id]);
  });

  it("reads host names, versions, addresses and paths as their words, as typed or in part", async () => {
    const inc = await incident();
    const { event } = await createTimelineEvent({
      incidentId: inc.id,
      input: { body: "Pinned v2.3.1 on db-01.example.com (alerts to oncall@example.com); see /var/log/pg_main.log, rate_limit hit" },
      actor,
    });
    for (const q of ["v2.3.1", "db-01.example.com", "db-01", "example.com", "example", "oncall@example.com", "oncall", "/var/log", "pg_main.log", "rate_limit", "rate limit"]) {
      expect(await ids(q), q).toEqual([event.id]);
    }
    // The snippet keeps the text's own punctuation, with the words marked (PostgreSQL's
    // fragment may begin at the first match, SQLite's a few words before it).
    const [hit] = (await search({ q: "example.com" })).results;
    expect(hit?.snippet).toContain("example.com (alerts to oncall@example.com); see /var/log/pg_main");
    // (SQLite marks a phrase as one range, PostgreSQL word by word: the words marked are the same.)
    expect(hit && marked(hit).flatMap((m) => m.split(/[^a-z]+/).filter(Boolean))).toEqual(["example", "com", "example", "com"]);
  });
});

describe("search: kept in step with every write", () => {
  it("follows edits, soft deletes and restores of timeline entries", async () => {
    const inc = await incident();
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: `first ${word("stepOld")}` }, actor });
    expect(await ids(word("stepOld"))).toEqual([event.id]);
    await updateTimelineEvent({ incidentId: inc.id, eventId: event.id, input: { version: 1, body: `second ${word("stepNew")}`, statusLabel: word("stepLabel") }, actor });
    expect(await ids(word("stepOld"))).toEqual([]);
    expect(await ids(word("stepNew"))).toEqual([event.id]);
    expect(await ids(word("stepLabel"))).toEqual([event.id]);
    await deleteTimelineEvent({ incidentId: inc.id, eventId: event.id, actor });
    expect(await ids(word("stepNew"))).toEqual([]);
    expect(await ids(word("stepLabel"))).toEqual([]);
    await restoreTimelineEvent({ incidentId: inc.id, eventId: event.id, actor });
    expect(await ids(word("stepNew"))).toEqual([event.id]);
  });

  it("follows incident edits and status-change entries", async () => {
    const inc = await incident({ title: `Before ${word("titleOld")}` });
    await updateIncident({ id: inc.id, input: { version: inc.version, title: `After ${word("titleNew")}`, status: "identified" }, actor });
    expect(await ids(word("titleOld"))).toEqual([]);
    expect(await ids(word("titleNew"))).toEqual([inc.id]);
    // The status change wrote an entry, through the same triggers.
    const { results } = await search({ q: "status changed identified", type: "event" });
    expect(results.map((r) => r.incidentId)).toContain(inc.id);
  });

  it("follows postmortem saves: sections, extra sections, services and factors replaced or removed", async () => {
    const inc = await incident();
    const v2 = await savePostmortem({
      incidentId: inc.id,
      input: {
        sections: { rootCause: word("pmOld") },
        extraSections: [{ title: "Notes", body: word("pmExtraOld") }],
        impactedServices: [{ service: word("pmServiceOld"), impact: "" }],
        contributingFactors: [{ title: word("pmFactorOld"), description: "", category: "technical" }],
      },
      actor,
    });
    expect(await ids(word("pmFactorOld"))).toEqual([v2.contributingFactors[0]!.id]);
    await updatePostmortem({
      incidentId: inc.id,
      input: { version: v2.version, sections: { rootCause: word("pmNew") }, extraSections: [], impactedServices: [], contributingFactors: [] },
      actor,
    });
    for (const gone of ["pmOld", "pmExtraOld", "pmServiceOld", "pmFactorOld"]) expect(await ids(word(gone)), gone).toEqual([]);
    expect(await ids(word("pmNew"))).toEqual([v2.id]);
  });

  it("follows action-item edits", async () => {
    const inc = await incident();
    const { item } = await createActionItem({ incidentId: inc.id, input: { title: `Fix ${word("aiOld")}`, owner: "Bob" }, actor });
    await updateActionItem({ id: item.id, input: { version: item.version, title: `Fix ${word("aiNew")}`, owner: `Carol ${word("aiOwner")}` }, actor });
    expect(await ids(word("aiOld"))).toEqual([]);
    expect(await ids(word("aiNew"))).toEqual([item.id]);
    expect(await ids(word("aiOwner"))).toEqual([item.id]);
  });

  it("never shows anything of a deleted incident, and shows it all again if it is undeleted", async () => {
    const inc = await incident({ title: `Doomed ${word("gone")}` });
    await createTimelineEvent({ incidentId: inc.id, input: { body: `entry ${word("gone")}` }, actor });
    await savePostmortem({ incidentId: inc.id, input: { sections: { impact: `impact ${word("gone")}` } }, actor });
    await createActionItem({ incidentId: inc.id, input: { title: `item ${word("gone")}` }, actor });
    expect((await search({ q: word("gone") })).results).toHaveLength(4);
    await deleteIncident({ id: inc.id, actor });
    expect((await search({ q: word("gone") })).results).toEqual([]);
    // No undelete in the app yet; the index follows the row whichever way it changes.
    const db = await getDb();
    await db.incident.update({ where: { id: inc.id }, data: { deletedAt: null } });
    expect((await search({ q: word("gone") })).results).toHaveLength(4);
  });
});

describe("search: hostile and odd queries", () => {
  const hostile = [
    '"',
    '""',
    "*",
    "* *",
    "-",
    "-foo",
    "NEAR",
    "NEAR(a b, 2)",
    "a NEAR b",
    "title:foo",
    "{title body}:foo",
    "(",
    ")",
    "((a)",
    "a AND",
    "OR",
    "NOT a",
    "a OR b NOT c",
    "^foo",
    "foo*bar",
    "\"unbalanced",
    "'; DROP TABLE \"Incident\"; --",
    "\\",
    "%_",
    "\u0000",
    "🔥🔥",
    "\uE000fake\uE001",
    "x".repeat(200),
    Array.from({ length: 100 }, () => "a").join(" "),
  ];

  it("never fails on FTS syntax: every query is read as words", async () => {
    const inc = await incident({ title: "Near miss with the OR gate and NOT logic" });
    for (const q of hostile) {
      const page = await search({ q });
      expect(Array.isArray(page.results), JSON.stringify(q)).toBe(true);
    }
    // Operator words are ordinary words.
    expect(await ids("NEAR")).toContain(inc.id);
    expect(await ids("OR gate NOT")).toContain(inc.id);
    expect(await ids("near(miss)")).toContain(inc.id);
    // Punctuation-only input searches for nothing.
    expect((await search({ q: "*** --- ::" })).results).toEqual([]);
    const db = await getDb();
    expect(await db.incident.count({ where: { id: inc.id } })).toBe(1);
  });

  it("cannot fake a highlight with the marker characters", async () => {
    const inc = await incident();
    await createTimelineEvent({ incidentId: inc.id, input: { body: `\uE000injected\uE001 text near ${word("marker")}` }, actor });
    const [r] = (await search({ q: word("marker") })).results;
    expect(r?.snippet).toBe(`injected text near ${word("marker")}`);
    expect(r && marked(r)).toEqual([word("marker")]);
  });

  it("rejects bad parameters with a 422 naming the field", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ q: "" }, "q"],
      [{ q: "x".repeat(201) }, "q"],
      [{ q: "a", type: "incident,bogus" }, "type"],
      [{ q: "a", severity: "SEV9" }, "severity"],
      [{ q: "a", limit: "51" }, "limit"],
      [{ q: "a", limit: "0" }, "limit"],
      [{ q: "a", from: "yesterday" }, "from"],
      [{ q: "a", from: "2026-03-10", to: "2026-03-01" }, "to"],
      [{ q: "a", cursor: "not-a-cursor" }, "cursor"],
      [{ q: "a", service: "s".repeat(101) }, "service"],
      [{ q: "a", extra: "1" }, "extra"],
    ];
    for (const [query, field] of cases) await expectQueryRefused(search, query, field);
  });
});

describe("search: filters and paging", () => {
  it("filters by kind of record, severity, service and the incident's start", async () => {
    const tag = word("filters");
    const a = await incident({ title: `A ${tag}`, severity: "SEV1", services: ["Checkout API"], startedAt: "2026-01-15T10:00:00Z" });
    const b = await incident({ title: `B ${tag}`, severity: "SEV3", services: ["Search"], startedAt: "2026-02-20T10:00:00Z" });
    const { event } = await createTimelineEvent({ incidentId: b.id, input: { body: `entry ${tag}` }, actor });
    await savePostmortem({ incidentId: b.id, input: { impactedServices: [{ service: "Ledger", impact: "" }] }, actor });

    expect(await ids(tag, { type: "event" })).toEqual([event.id]);
    expect((await ids(tag, { type: "incident,event" })).sort()).toEqual([a.id, b.id, event.id].sort());
    expect(await ids(tag, { severity: "SEV1" })).toEqual([a.id]);
    expect((await ids(tag, { severity: "SEV1,SEV3", type: "incident" })).sort()).toEqual([a.id, b.id].sort());
    // Affected services (case ignored) and the postmortem's impacted services.
    expect(await ids(tag, { service: "checkout api" })).toEqual([a.id]);
    expect((await ids(tag, { service: "LEDGER" })).sort()).toEqual([b.id, event.id].sort());
    expect(await ids(tag, { service: "Nothing" })).toEqual([]);
    // The incident's start: from inclusive, a bare `to` day includes that day.
    expect(await ids(tag, { from: "2026-01-15T10:00:00Z", to: "2026-01-31", type: "incident" })).toEqual([a.id]);
    expect(await ids(tag, { from: "2026-02-01", to: "2026-02-20", type: "incident" })).toEqual([b.id]);
    expect(await ids(tag, { to: "2026-01-15T10:00:00Z" })).toEqual([]);
  });

  it("pages with a cursor through every match exactly once, and refuses a cursor of another query", async () => {
    const inc = await incident();
    const tag = word("paging");
    const created = [];
    for (let i = 0; i < 23; i++) created.push((await createTimelineEvent({ incidentId: inc.id, input: { body: `${tag} number ${i}` }, actor })).event.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search({ q: tag, limit: "10", ...(cursor ? { cursor } : {}) });
      seen.push(...page.results.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(created.sort());

    const first = await search({ q: tag, limit: "5" });
    expect(first.nextCursor).toBeTruthy();
    await expect(search({ q: "something else", cursor: first.nextCursor! })).rejects.toMatchObject({ status: 422, issues: [{ path: "cursor" }] });
    // The same query with another page size may go on from it.
    expect((await search({ q: tag, limit: "20", cursor: first.nextCursor! })).results).toHaveLength(18);
  });
});
