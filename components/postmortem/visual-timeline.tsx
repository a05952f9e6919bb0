/**
 * The incident at a glance: the impact window shaded, milestones marked,
 * key entries as ticks (spans as bars). Pure SVG from serialisable props,
 * so server and client components can both render it.
 */

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

const W = 1000;
const H = 132;
const PAD = 40;
const AXIS_Y = 92;

function hhmm(ms: number, withDate: boolean): string {
  const iso = new Date(ms).toISOString();
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

const MILESTONES: { key: keyof Pick<VisualTimelineProps, "startedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt">; label: string; color: string }[] = [
  { key: "startedAt", label: "Impact starts", color: "#dc2626" },
  { key: "detectedAt", label: "Detected", color: "#d97706" },
  { key: "mitigatedAt", label: "Mitigated", color: "#2563eb" },
  { key: "resolvedAt", label: "Resolved", color: "#16a34a" },
];

export function VisualTimeline(props: VisualTimelineProps) {
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
  const crossesMidnight = new Date(start).toISOString().slice(0, 10) !== new Date(end).toISOString().slice(0, 10);
  // Unknown impact start (an imported postmortem without one): the window starts at the first thing known.
  const impactStart = Number.isFinite(t(props.startedAt)) ? t(props.startedAt) : start;
  const marks = MILESTONES.filter((m) => Number.isFinite(t(props[m.key])));
  const summary = [
    `Impact from ${hhmm(impactStart, crossesMidnight)} to ${props.resolvedAt ? hhmm(impactEnd, crossesMidnight) : "ongoing"} UTC`,
    ...marks.map((m) => `${m.label} ${hhmm(t(props[m.key]), crossesMidnight)}`),
    `${props.entries.length} key entries`,
  ].join("; ");

  return (
    <figure className="space-y-1">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Incident timeline: ${summary}`} className="h-auto w-full" data-testid="visual-timeline">
        <title>{summary}</title>
        <rect
          data-testid="impact-window"
          x={x(impactStart)}
          y={34}
          width={Math.max(x(impactEnd) - x(impactStart), 2)}
          height={AXIS_Y - 34}
          fill="#dc2626"
          fillOpacity={0.12}
          stroke="#dc2626"
          strokeOpacity={0.35}
        />
        <line x1={PAD} x2={W - PAD} y1={AXIS_Y} y2={AXIS_Y} stroke="currentColor" strokeOpacity={0.5} />
        {props.entries.map((e) => {
          const from = x(t(e.occurredAt));
          const to = e.endedAt ? x(t(e.endedAt)) : from;
          return (
            <g key={e.id} data-testid="key-entry-tick">
              <title>{`${hhmm(t(e.occurredAt), crossesMidnight)} ${e.label}`}</title>
              {to > from + 1 ? <rect x={from} y={AXIS_Y - 14} width={to - from} height={6} rx={3} fill="#6b7280" /> : null}
              <line x1={from} x2={from} y1={AXIS_Y - 18} y2={AXIS_Y} stroke="#6b7280" strokeWidth={2} />
            </g>
          );
        })}
        {marks.map((m, i) => {
          const mx = x(t(props[m.key]));
          return (
            <g key={m.key} data-testid="milestone">
              <line x1={mx} x2={mx} y1={16 + (i % 2) * 15} y2={AXIS_Y + 4} stroke={m.color} strokeWidth={2.5} />
              <circle cx={mx} cy={AXIS_Y} r={5} fill={m.color} />
              <text x={mx} y={12 + (i % 2) * 15} fontSize={13} textAnchor={mx > W - 120 ? "end" : mx < 120 ? "start" : "middle"} fill={m.color} fontWeight={600}>
                {`${m.label} ${hhmm(t(props[m.key]), crossesMidnight)}`}
              </text>
            </g>
          );
        })}
        <text x={PAD} y={AXIS_Y + 24} fontSize={13} fill="currentColor">
          {hhmm(start, crossesMidnight)}
        </text>
        <text x={W - PAD} y={AXIS_Y + 24} fontSize={13} fill="currentColor" textAnchor="end">
          {`${hhmm(end, crossesMidnight)} UTC`}
        </text>
      </svg>
    </figure>
  );
}
