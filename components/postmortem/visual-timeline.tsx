"use client";

/**
 * The incident at a glance: the impact window shaded, milestones marked,
 * key entries as ticks (spans as bars). Drawn at the width it is shown at,
 * so text keeps its size on a phone; milestone labels never overlap
 * (timeline-layout.ts), and what has no room, like every key entry, is
 * labelled on hover and on keyboard focus.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { estimateTextWidth, layoutLabels, type PlacedLabel } from "./timeline-layout";
import { formatUtcDate, formatUtcHourMinute, sameUtcDay } from "@/lib/time-format";

export type VisualTimelineEntry = { id: string; occurredAt: string; endedAt: string | null; label: string; milestone: string | null };

export type VisualTimelineProps = {
  startedAt: string | null;
  detectedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  entries: VisualTimelineEntry[];
  /** The time to draw an open impact window up to (defaults to the last entry). */
  now?: string;
};

const FONT_SIZE = 13;
const PAD = 16;
const LANES = 3;
const LANE_H = 18;
const AXIS_Y = 8 + LANES * LANE_H + 10;
const H = AXIS_Y + 26;
/** Before the first measurement (and on the server): a laptop's width. */
const DEFAULT_WIDTH = 1000;

function hhmm(ms: number, withDate: boolean): string {
  const at = new Date(ms);
  return withDate ? `${formatUtcDate(at).slice(5)} ${formatUtcHourMinute(at)}` : formatUtcHourMinute(at);
}

const MILESTONES: { key: keyof Pick<VisualTimelineProps, "startedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt">; label: string; color: string }[] = [
  { key: "startedAt", label: "Impact starts", color: "#dc2626" },
  { key: "detectedAt", label: "Detected", color: "#d97706" },
  { key: "mitigatedAt", label: "Mitigated", color: "#2563eb" },
  { key: "resolvedAt", label: "Resolved", color: "#16a34a" },
];

/** The width the figure is shown at, followed as it changes. */
function useWidth(): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Text widths in the figure's own font once in a browser; an estimate on the server. */
function useMeasure(svg: RefObject<SVGSVGElement | null>, width: number): (text: string, bold?: boolean) => number {
  const [font, setFont] = useState<string | null>(null);
  useEffect(() => {
    if (svg.current) setFont(getComputedStyle(svg.current).fontFamily);
  }, [svg, width]);
  return useMemo(() => {
    const canvas = font && typeof document !== "undefined" ? document.createElement("canvas").getContext("2d") : null;
    if (!canvas || !font) return (text: string) => estimateTextWidth(text, FONT_SIZE);
    return (text: string, bold = true) => {
      canvas.font = `${bold ? 600 : 400} ${FONT_SIZE}px ${font}`;
      return canvas.measureText(text).width;
    };
  }, [font]);
}

/** A label box with its own background, so lines behind it never cross its text. */
function LabelText({ x, y, width, text, color, bold = true }: { x: number; y: number; width: number; text: string; color: string; bold?: boolean }) {
  return (
    <>
      <rect x={x - 3} y={y - FONT_SIZE + 1} width={width + 6} height={FONT_SIZE + 5} rx={3} className="fill-white dark:fill-zinc-950" />
      <text x={x} y={y} fontSize={FONT_SIZE} fill={color} fontWeight={bold ? 600 : 400}>
        {text}
      </text>
    </>
  );
}

/** A label shown only while its mark is hovered or focused, kept inside the figure. */
function HoverLabel({ x, text, width, figureWidth, color }: { x: number; text: string; width: number; figureWidth: number; color: string }) {
  const left = Math.min(Math.max(x - width / 2, 2), figureWidth - width - 2);
  return (
    <g data-hover-label className="hidden group-hover:inline group-focus:inline" pointerEvents="none">
      <rect x={left - 5} y={AXIS_Y - 16 - FONT_SIZE - 2} width={width + 10} height={FONT_SIZE + 9} rx={4} className="fill-white stroke-zinc-400 dark:fill-zinc-900" />
      <text x={left} y={AXIS_Y - 16} fontSize={FONT_SIZE} fill={color} fontWeight={600}>
        {text}
      </text>
    </g>
  );
}

export function VisualTimeline(props: VisualTimelineProps) {
  const [figureRef, W] = useWidth();
  const svgRef = useRef<SVGSVGElement>(null);
  const measure = useMeasure(svgRef, W);

  const t = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
  const times = [
    ...MILESTONES.map((m) => t(props[m.key])),
    ...props.entries.flatMap((e) => [t(e.occurredAt), t(e.endedAt)]),
  ].filter((n) => Number.isFinite(n));
  const start = Math.min(...times);
  const lastKnown = Math.max(...times);
  // Math.max with a NaN is NaN: without `now`, an open window ends at the last known time.
  const now = t(props.now);
  const impactEnd = Number.isFinite(t(props.resolvedAt)) ? t(props.resolvedAt) : Number.isFinite(now) ? Math.max(lastKnown, now) : lastKnown;
  const end = Math.max(lastKnown, Number.isFinite(impactEnd) ? impactEnd : lastKnown);
  const span = Math.max(end - start, 60_000);
  const x = (ms: number) => PAD + ((ms - start) / span) * (W - 2 * PAD);
  const crossesMidnight = !sameUtcDay(new Date(start), new Date(end));
  // Unknown impact start (an imported postmortem without one): the window starts at the first thing known.
  const impactStart = Number.isFinite(t(props.startedAt)) ? t(props.startedAt) : start;
  const marks = MILESTONES.filter((m) => Number.isFinite(t(props[m.key]))).map((m) => ({
    ...m,
    at: t(props[m.key]),
    text: `${m.label} ${hhmm(t(props[m.key]), crossesMidnight)}`,
  }));
  const summary = [
    `Impact from ${hhmm(impactStart, crossesMidnight)} to ${props.resolvedAt ? hhmm(impactEnd, crossesMidnight) : "ongoing"} UTC`,
    ...marks.map((m) => m.text),
    `${props.entries.length} key entries`,
  ].join("; ");

  const layout = layoutLabels(
    marks.map((m) => ({ key: m.key, x: x(m.at), text: m.text })),
    { width: W, margin: 2, lanes: LANES, gap: 8, mergeWithin: 6, measure: (text) => measure(text) },
  );
  const labelOf = new Map<string, PlacedLabel>();
  for (const p of layout.placed) labelOf.set(p.keys[0] ?? "", p);
  const labelled = new Set(layout.placed.flatMap((p) => p.keys));
  const laneOf = new Map(layout.placed.flatMap((p) => p.keys.map((k) => [k, p.lane] as const)));
  const baseline = (lane: number) => AXIS_Y - 16 - lane * LANE_H;
  const endText = `${hhmm(end, crossesMidnight)} UTC`;

  return (
    <figure ref={figureRef} className="space-y-1">
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="group"
        aria-label={`Incident timeline: ${summary}`}
        className="h-auto w-full overflow-visible font-sans"
        data-testid="visual-timeline"
        data-width={W}
      >
        <title>{summary}</title>
        <rect
          data-testid="impact-window"
          x={x(impactStart)}
          y={4}
          width={Math.max(x(impactEnd) - x(impactStart), 2)}
          height={AXIS_Y - 4}
          fill="#dc2626"
          fillOpacity={0.1}
          stroke="#dc2626"
          strokeOpacity={0.35}
        />
        <line x1={PAD} x2={W - PAD} y1={AXIS_Y} y2={AXIS_Y} stroke="currentColor" strokeOpacity={0.5} />
        {marks.map((m) => {
          const mx = x(m.at);
          const placed = labelOf.get(m.key);
          const lane = laneOf.get(m.key);
          const top = lane === undefined ? AXIS_Y - 8 : baseline(lane) + 4;
          return (
            <g
              key={m.key}
              data-testid="milestone"
              data-labelled={labelled.has(m.key) ? "true" : "hover"}
              tabIndex={labelled.has(m.key) ? undefined : 0}
              className={labelled.has(m.key) ? undefined : "group outline-none"}
            >
              <title>{m.text}</title>
              <line data-testid="milestone-line" x1={mx} x2={mx} y1={top} y2={AXIS_Y + 4} stroke={m.color} strokeWidth={2.5} />
              <circle cx={mx} cy={AXIS_Y} r={5} fill={m.color} />
              {placed ? (
                <g data-testid="milestone-label" data-lane={placed.lane}>
                  <LabelText x={placed.left} y={baseline(placed.lane)} width={placed.width} text={placed.text} color={m.color} />
                </g>
              ) : !labelled.has(m.key) ? (
                <>
                  <circle cx={mx} cy={AXIS_Y} r={9} fill="none" strokeWidth={2} className="hidden stroke-sky-500 group-focus:inline" />
                  <HoverLabel x={mx} text={m.text} width={measure(m.text)} figureWidth={W} color={m.color} />
                </>
              ) : null}
            </g>
          );
        })}
        {/* Drawn last: a tick's hover label goes over everything else. */}
        {props.entries.map((e) => {
          const from = x(t(e.occurredAt));
          const to = e.endedAt ? x(t(e.endedAt)) : from;
          const text = `${hhmm(t(e.occurredAt), crossesMidnight)} ${e.label}`;
          return (
            // Focusable, so a keyboard user can read each starred entry as a mouse user does on hover.
            <g key={e.id} data-testid="key-entry-tick" tabIndex={0} role="img" aria-label={`Key entry: ${text}`} className="group cursor-default outline-none">
              <title>{text}</title>
              {/* A wider invisible target than the 2 px tick. */}
              <rect x={from - 5} y={AXIS_Y - 9} width={Math.max(to - from, 0) + 10} height={15} fill="transparent" />
              {to > from + 1 ? <rect x={from} y={AXIS_Y - 8} width={to - from} height={5} rx={2.5} fill="#6b7280" /> : null}
              <line x1={from} x2={from} y1={AXIS_Y - 9} y2={AXIS_Y} stroke="#6b7280" strokeWidth={2} className="group-hover:stroke-sky-600 group-focus:stroke-sky-600" />
              <circle cx={from} cy={AXIS_Y} r={6} fill="none" strokeWidth={2} className="hidden stroke-sky-500 group-focus:inline" />
              <HoverLabel x={from} text={text} width={measure(text)} figureWidth={W} color="currentColor" />
            </g>
          );
        })}
        <text x={PAD} y={AXIS_Y + 20} fontSize={FONT_SIZE} fill="currentColor">
          {hhmm(start, crossesMidnight)}
        </text>
        <text x={W - PAD} y={AXIS_Y + 20} fontSize={FONT_SIZE} fill="currentColor" textAnchor="end">
          {endText}
        </text>
      </svg>
    </figure>
  );
}
