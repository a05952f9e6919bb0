"use client";

import type { CSSProperties, ReactElement } from "react";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { humanDuration, monthLabel } from "./format";

// Recharts draws SVG in the page: no request anywhere, no eval; its inline
// style attributes are allowed by the Content-Security-Policy (proxy.ts).

const COLORS = { mttd: "#0369a1", mttm: "#c2410c", mttr: "#15803d", incidents: "#6366f1", created: "#0ea5e9", closed: "#16a34a", overdue: "#dc2626" };
const FACTOR_COLORS: Record<string, string> = { technical: "#2563eb", process: "#d97706", people: "#db2777", external: "#64748b" };
const AXIS = { fontSize: 12, fill: "currentColor" };
const MARGIN = { top: 8, right: 8, bottom: 8, left: 0 };

/** A chart filling its figure, which names it for assistive tech and sets its size. */
function ChartFigure({ label, className, style, children }: { label: string; className: string; style?: CSSProperties; children: ReactElement }) {
  return (
    <figure aria-label={label} className={className} style={style}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * The grid, month axis, whole-number axis, tooltip and legend of a chart of
 * counts per month. Elements, not a component: Recharts reads its children.
 */
function monthlyCountFrame(): ReactElement[] {
  return [
    <CartesianGrid key="grid" strokeDasharray="3 3" strokeOpacity={0.3} />,
    <XAxis key="x" dataKey="label" tick={AXIS} />,
    <YAxis key="y" allowDecimals={false} tick={AXIS} />,
    <Tooltip key="tooltip" />,
    <Legend key="legend" />,
  ];
}

export type DurationPoint = { month: string; incidents: number; mttd: number | null; mttm: number | null; mttr: number | null };

/** Median time to detect / mitigate / resolve per month, in minutes or hours, beside the incident count. */
export function DurationTrendChart({ data }: { data: DurationPoint[] }) {
  const max = Math.max(0, ...data.flatMap((d) => [d.mttd ?? 0, d.mttm ?? 0, d.mttr ?? 0]));
  const unit = max > 5 * 3600 ? { name: "hours", seconds: 3600 } : { name: "minutes", seconds: 60 };
  const points = data.map((d) => ({
    label: monthLabel(d.month),
    incidents: d.incidents,
    mttd: d.mttd === null ? null : d.mttd / unit.seconds,
    mttm: d.mttm === null ? null : d.mttm / unit.seconds,
    mttr: d.mttr === null ? null : d.mttr / unit.seconds,
  }));
  return (
    <ChartFigure label={`Median durations per month, in ${unit.name}, and incidents per month`} className="h-72 w-full">
      <ComposedChart data={points} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
        <XAxis dataKey="label" tick={AXIS} />
        <YAxis yAxisId="time" tick={AXIS} label={{ value: unit.name, angle: -90, position: "insideLeft", style: AXIS }} />
        <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={AXIS} />
        <Tooltip
          formatter={(value, name) =>
            name === "Incidents" ? [String(value), name] : [typeof value === "number" ? humanDuration(value * unit.seconds) : "—", name]
          }
        />
        <Legend />
        <Bar yAxisId="count" dataKey="incidents" name="Incidents" fill={COLORS.incidents} fillOpacity={0.25} isAnimationActive={false} />
        <Line yAxisId="time" dataKey="mttd" name="Time to detect (median)" stroke={COLORS.mttd} strokeWidth={2} connectNulls isAnimationActive={false} />
        <Line yAxisId="time" dataKey="mttm" name="Time to mitigate (median)" stroke={COLORS.mttm} strokeWidth={2} connectNulls isAnimationActive={false} />
        <Line yAxisId="time" dataKey="mttr" name="Time to resolve (median)" stroke={COLORS.mttr} strokeWidth={2} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ChartFigure>
  );
}

export type ItemPoint = { month: string; created: number; closed: number; overdueAtEnd: number | null };

/** Action items opened and closed per month, and how many were overdue at each month's end. */
export function ActionItemTrendChart({ data }: { data: ItemPoint[] }) {
  const points = data.map((d) => ({ ...d, label: monthLabel(d.month) }));
  return (
    <ChartFigure label="Action items created and closed per month, and overdue at each month's end" className="h-64 w-full">
      <ComposedChart data={points} margin={MARGIN}>
        {monthlyCountFrame()}
        <Bar dataKey="created" name="Created" fill={COLORS.created} isAnimationActive={false} />
        <Bar dataKey="closed" name="Closed" fill={COLORS.closed} isAnimationActive={false} />
        <Line dataKey="overdueAtEnd" name="Overdue at month end" stroke={COLORS.overdue} strokeWidth={2} isAnimationActive={false} />
      </ComposedChart>
    </ChartFigure>
  );
}

export type FactorPoint = { month: string } & Record<string, number | string>;

/** Contributing factors per month, stacked by category. */
export function FactorTrendChart({ data, categories }: { data: FactorPoint[]; categories: string[] }) {
  const points = data.map((d) => ({ ...d, label: monthLabel(d.month) }));
  return (
    <ChartFigure label="Contributing factors per month by category" className="h-64 w-full">
      <BarChart data={points} margin={MARGIN}>
        {monthlyCountFrame()}
        {categories.map((c) => (
          <Bar key={c} dataKey={c} name={c[0]?.toUpperCase() + c.slice(1)} stackId="factors" fill={FACTOR_COLORS[c] ?? "#64748b"} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

/** The services with the most incidents, longest bar first. */
export function ServicesChart({ data }: { data: Array<{ service: string; incidents: number }> }) {
  return (
    <ChartFigure label="Services with the most incidents" className="w-full" style={{ height: Math.max(120, data.length * 34 + 40) }}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={AXIS} />
        <YAxis type="category" dataKey="service" width={140} tick={AXIS} />
        <Tooltip />
        <Bar dataKey="incidents" name="Incidents" fill={COLORS.incidents} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

