import { describe, expect, it } from "vitest";
import { renderDigestMarkdown, type DigestItem } from "@/lib/action-items/digest";
import { actionItemsToCsv, csvField, toCsv } from "@/lib/action-items/csv";
import { defaultsFromContributingFactor, defaultsFromTimelineEntry } from "@/lib/action-items/defaults";
import type { ActionItemDto } from "@/lib/action-items/dto";

const inc = (number: number, severity: string) => ({ number, severity });
const day = (s: string) => new Date(`${s}T00:00:00Z`);

const ITEMS: DigestItem[] = [
  {
    id: "b",
    title: "Add *retry* budget | cap [x](y)",
    owner: "Bob",
    dueDate: day("2026-03-08"),
    status: "in_progress",
    priority: "urgent",
    externalUrl: "https://linear.app/acme/issue/ENG-12",
    incident: inc(12, "SEV1"),
  },
  { id: "a", title: "Alert on 5xx ratio", owner: "alice", dueDate: day("2026-03-10"), status: "open", priority: "high", externalUrl: null, incident: inc(12, "SEV1") },
  { id: "c", title: "Runbook for failover", owner: null, dueDate: day("2026-03-11"), status: "blocked", priority: "low", externalUrl: null, incident: inc(14, "SEV3") },
  { id: "d", title: "<script>alert(1)</script>", owner: "Bob", dueDate: day("2026-03-17"), status: "open", priority: "medium", externalUrl: null, incident: inc(14, "SEV3") },
  { id: "e", title: "Same day, higher priority first", owner: "Bob", dueDate: day("2026-03-17"), status: "open", priority: "urgent", externalUrl: null, incident: inc(15, "SEV2") },
];

const GOLDEN = `# Action items digest — 2026-03-10

**1 overdue**, 4 due in the next 7 days (3 owners).

## alice — 0 overdue, 1 due soon

- Due today · [INC-12](https://debrief.example.com/incidents/12/action-items) SEV1 · Alert on 5xx ratio · due 2026-03-10 · high priority

## Bob — 1 overdue, 2 due soon

- **Overdue by 2 days** · [INC-12](https://debrief.example.com/incidents/12/action-items) SEV1 · Add \\*retry\\* budget | cap \\[x]\\(y) · due 2026-03-08 · urgent priority · in progress · [tracker](https://linear.app/acme/issue/ENG-12)
- Due in 7 days · [INC-15](https://debrief.example.com/incidents/15/action-items) SEV2 · Same day, higher priority first · due 2026-03-17 · urgent priority
- Due in 7 days · [INC-14](https://debrief.example.com/incidents/14/action-items) SEV3 · \\<script>alert(1)\\</script> · due 2026-03-17 · medium priority

## Unassigned — 0 overdue, 1 due soon

- Due tomorrow · [INC-14](https://debrief.example.com/incidents/14/action-items) SEV3 · Runbook for failover · due 2026-03-11 · low priority · blocked

[All overdue items](https://debrief.example.com/action-items?overdue=true)
`;

describe("digest Markdown", () => {
  const input = { items: ITEMS, now: new Date("2026-03-10T09:00:00Z"), days: 7, baseUrl: "https://debrief.example.com" };

  it("matches the golden output: by owner, Unassigned last, overdue first, escaped", () => {
    expect(renderDigestMarkdown(input)).toBe(GOLDEN);
  });

  it("is deterministic whatever order the items come in", () => {
    expect(renderDigestMarkdown({ ...input, items: [...ITEMS].reverse() })).toBe(GOLDEN);
  });

  it("groups one person's items however their name was typed", () => {
    const spelled = [
      { ...ITEMS[0]!, owner: "bob" },
      { ...ITEMS[3]!, owner: "BOB " },
      { ...ITEMS[4]!, owner: "Bob" },
    ];
    const md = renderDigestMarkdown({ ...input, items: spelled });
    expect(md).toContain("(1 owner)");
    expect(md).toContain("## Bob — 1 overdue, 2 due soon");
    expect(md.match(/^## /gm)).toHaveLength(1);
    expect(renderDigestMarkdown({ ...input, items: [...spelled].reverse() })).toBe(md);
  });

  it("says so when there is nothing to chase, and works without links", () => {
    expect(renderDigestMarkdown({ items: [], now: input.now, days: 7 })).toBe(
      "# Action items digest — 2026-03-10\n\nNothing is overdue or due in the next 7 days.\n",
    );
    const plain = renderDigestMarkdown({ items: ITEMS.slice(1, 2), now: input.now, days: 0, omitted: 3 });
    expect(plain).toContain("- Due today · INC-12 SEV1 · Alert on 5xx ratio");
    expect(plain).toContain("due today (1 owner)");
    expect(plain).toContain("…and 3 more not shown.");
  });
});

describe("CSV", () => {
  it.each<[string | number | null, string]>([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rlf", '"cr\rlf"'],
    ["=1+1", "'=1+1"],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tTAB", "'\tTAB"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a=b", "a=b"],
    ["", ""],
    [null, ""],
    [42, "42"],
  ])("field %j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("joins rows with CRLF and ends with one", () => {
    expect(toCsv([["a", "b"], ["1", null]])).toBe("a,b\r\n1,\r\n");
  });

  it("writes the visible columns of the table", () => {
    const item = {
      id: "id-1",
      title: "Fix it",
      incident: { number: 3, key: "INC-3", severity: "SEV2", title: "x" },
      owner: null,
      dueDate: "2026-03-01",
      priority: "high",
      type: "detect",
      status: "wont_do",
      ageDays: 4,
      overdue: false,
      externalUrl: "https://github.com/o/r/issues/9",
      wontDoReason: "-dup",
    } satisfies Partial<ActionItemDto>;
    const csv = actionItemsToCsv([{ ...item } as unknown as ActionItemDto], ["title", "incident", "type"]);
    expect(csv).toBe(
      "ID,Severity,Owner,Due,Priority,Status,Age (days),Overdue,Link,Won't do reason\r\n" +
        "id-1,SEV2,,2026-03-01,High,Won't do,4,no,https://github.com/o/r/issues/9,'-dup\r\n",
    );
  });
});

describe("dialog defaults", () => {
  it("takes the first line of a timeline entry as the title", () => {
    expect(defaultsFromTimelineEntry({ id: "e1", body: "\n- Retries amplified load\nmore detail" })).toEqual({
      title: "Retries amplified load",
      description: "- Retries amplified load\nmore detail",
      timelineEventId: "e1",
    });
    expect(defaultsFromTimelineEntry({ id: "e2", body: "x".repeat(300) }).title).toHaveLength(200);
  });

  it("names the contributing factor", () => {
    expect(defaultsFromContributingFactor({ id: "f1", title: "No circuit breaker", description: "at the edge" })).toEqual({
      title: "Address: No circuit breaker",
      description: "at the edge",
      contributingFactorId: "f1",
    });
  });
});
