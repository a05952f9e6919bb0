/**
 * Where the visual timeline's milestone labels go so that none overlaps
 * another and no marker line runs through a label. Pure: positions in, lanes
 * out, so it is tested without a browser.
 *
 * Labels sit in lanes above the axis, lane 0 nearest to it. A label's marker
 * line runs from the label down through the lanes below it to the axis, so
 * a label may take a lane only where (a) it does not overlap a label in that
 * lane, (b) its line does not cross a label in a lower lane, and (c) no
 * label in a higher lane has its line through it. Marks at (almost) the same
 * spot share one label. What fits nowhere is left for hover and focus.
 */

export type Mark = { key: string; x: number; text: string };

export type PlacedLabel = {
  /** The marks this label stands for (several when they fall on the same spot). */
  keys: string[];
  text: string;
  /** The marker's x (the first mark's). */
  x: number;
  /** The label's left edge and width. */
  left: number;
  width: number;
  lane: number;
};

export type LabelLayout = { placed: PlacedLabel[]; hidden: Array<{ keys: string[]; text: string; x: number }> };

export type LayoutOptions = {
  /** Drawing width and the margin labels keep from either side. */
  width: number;
  margin: number;
  lanes: number;
  /** Room left between two labels in one lane, and between a line and a label. */
  gap: number;
  /** Marks closer than this share a label. */
  mergeWithin: number;
  measure: (text: string) => number;
};

type Box = { left: number; right: number; x: number; lane: number };

function overlaps(aLeft: number, aRight: number, bLeft: number, bRight: number, gap: number): boolean {
  return aLeft < bRight + gap && bLeft < aRight + gap;
}

function within(x: number, left: number, right: number, gap: number): boolean {
  return x > left - gap && x < right + gap;
}

/** Marks near the same spot become one label ("Impact starts 18:30 · Detected 18:31"). */
function group(marks: Mark[], mergeWithin: number): Array<{ keys: string[]; text: string; x: number }> {
  const sorted = [...marks].sort((a, b) => a.x - b.x);
  const groups: Array<{ keys: string[]; text: string; x: number }> = [];
  for (const mark of sorted) {
    const last = groups.at(-1);
    if (last && mark.x - last.x < mergeWithin) {
      last.keys.push(mark.key);
      last.text = `${last.text} · ${mark.text}`;
    } else {
      groups.push({ keys: [mark.key], text: mark.text, x: mark.x });
    }
  }
  return groups;
}

export function layoutLabels(marks: Mark[], opts: LayoutOptions): LabelLayout {
  const placed: PlacedLabel[] = [];
  const hidden: LabelLayout["hidden"] = [];
  const boxes: Box[] = [];
  const minLeft = opts.margin;
  const maxRight = opts.width - opts.margin;

  const groups = group(marks, opts.mergeWithin);
  for (const g of groups) {
    const width = Math.ceil(opts.measure(g.text));
    if (width > maxRight - minLeft) {
      hidden.push(g);
      continue;
    }
    const clamp = (left: number) => Math.min(Math.max(left, minLeft), maxRight - width);
    // Centred on its line, or ending at it, or starting at it; pushed inwards at the edges.
    const anchors = [clamp(g.x - width / 2), clamp(g.x - width), clamp(g.x)];
    // The marks still to come may need to run their line down through this lane.
    const others = groups.slice(groups.indexOf(g) + 1).map((o) => o.x);
    let best: { left: number; lane: number } | null = null;
    let fallback: { left: number; lane: number } | null = null;
    for (let lane = 0; lane < opts.lanes && !best; lane++) {
      for (const left of anchors) {
        const right = left + width;
        const clash = boxes.some(
          (b) =>
            (b.lane === lane && overlaps(left, right, b.left, b.right, opts.gap)) ||
            (b.lane < lane && within(g.x, b.left, b.right, opts.gap)) ||
            (b.lane > lane && within(b.x, left, right, opts.gap)),
        );
        if (clash) continue;
        // A label over another mark's spot would keep that mark's line from passing: avoid it if possible.
        if (!others.some((x) => within(x, left, right, opts.gap))) {
          best = { left, lane };
          break;
        }
        fallback ??= { left, lane };
      }
    }
    const choice = best ?? fallback;
    if (!choice) {
      hidden.push(g);
      continue;
    }
    boxes.push({ left: choice.left, right: choice.left + width, x: g.x, lane: choice.lane });
    placed.push({ keys: g.keys, text: g.text, x: g.x, left: choice.left, width, lane: choice.lane });
  }
  return { placed, hidden };
}

/** A text's width without a browser: wide enough for system fonts at `fontSize` (digits and capitals included). */
export function estimateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.62;
}
