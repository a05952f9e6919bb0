import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { estimateTextWidth, layoutLabels, type LayoutOptions, type Mark } from "@/components/postmortem/timeline-layout";

// The visual timeline's milestone labels: never on top of each other, and
// no marker line through a label; what fits nowhere is left for hover.

const opts = (width: number): LayoutOptions => ({ width, margin: 2, lanes: 3, gap: 8, mergeWithin: 6, measure: (t) => estimateTextWidth(t, 13) });

function check(marks: Mark[], width: number) {
  const { placed, hidden } = layoutLabels(marks, opts(width));
  // Every mark is somewhere: labelled, or left for hover.
  expect([...placed.flatMap((p) => p.keys), ...hidden.flatMap((h) => h.keys)].sort()).toEqual(marks.map((m) => m.key).sort());
  for (const a of placed) {
    expect(a.left).toBeGreaterThanOrEqual(2);
    expect(a.left + a.width).toBeLessThanOrEqual(width - 2);
    for (const b of placed) {
      if (a === b) continue;
      if (a.lane === b.lane) expect(a.left + a.width <= b.left || b.left + b.width <= a.left, `${a.text} / ${b.text}`).toBe(true);
      // a's line runs down through the lanes below it: never through b's label there.
      if (b.lane < a.lane) expect(a.x <= b.left || a.x >= b.left + b.width, `line of ${a.text} through ${b.text}`).toBe(true);
    }
  }
  return { placed, hidden };
}

describe("milestone labels", () => {
  it("stacks 'Detected 18:30' and 'Resolved 18:36' of a long incident instead of running them together", () => {
    // Impact from 12:00; detected 18:30, resolved 18:36: 6 minutes of a 6.6-hour axis.
    const w = 1000;
    const at = (min: number) => 16 + (min / 396) * (w - 32);
    const { placed, hidden } = check(
      [
        { key: "startedAt", x: at(0), text: "Impact starts 12:00" },
        { key: "detectedAt", x: at(390), text: "Detected 18:30" },
        { key: "resolvedAt", x: at(396), text: "Resolved 18:36" },
      ],
      w,
    );
    expect(hidden).toEqual([]);
    const lanes = new Map(placed.map((p) => [p.keys[0], p.lane]));
    expect(lanes.get("detectedAt")).not.toBe(lanes.get("resolvedAt"));
  });

  it("stacks three milestones a few pixels apart at the right edge, each beside its own line", () => {
    const w = 1110;
    const { placed, hidden } = check(
      [
        { key: "startedAt", x: 16, text: "Impact starts 19:24" },
        { key: "detectedAt", x: 1078, text: "Detected 01:54" },
        { key: "mitigatedAt", x: 1086, text: "Mitigated 01:57" },
        { key: "resolvedAt", x: 1094, text: "Resolved 02:00" },
      ],
      w,
    );
    expect(hidden).toEqual([]);
    expect(new Set(placed.filter((p) => p.x > 1000).map((p) => p.lane)).size).toBe(3);
  });

  it("gives marks on the same spot one label", () => {
    const { placed } = check(
      [
        { key: "startedAt", x: 300, text: "Impact starts 09:12" },
        { key: "detectedAt", x: 302, text: "Detected 09:12" },
      ],
      1000,
    );
    expect(placed).toHaveLength(1);
    expect(placed[0]?.text).toBe("Impact starts 09:12 · Detected 09:12");
  });

  it("leaves labels for hover on a phone when four milestones crowd one end", () => {
    const marks = ["Impact starts 18:29", "Detected 18:30", "Mitigated 18:33", "Resolved 18:36"].map((text, i) => ({ key: `m${i}`, x: 330 + i * 12, text }));
    const { hidden } = check(marks, 390);
    expect(hidden.length).toBeGreaterThan(0);
  });

  it("holds for any marks at any width", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 2000 }),
        fc.array(fc.record({ x: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 }),
        (width, raw) => {
          const marks = raw.map((m, i) => ({ key: `k${i}`, x: 16 + m.x * (width - 32), text: "x".repeat(m.len) }));
          check(marks, width);
        },
      ),
    );
  });
});
