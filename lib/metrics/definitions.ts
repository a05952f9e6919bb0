/**
 * What each figure means, in words: shown beside the figures on the
 * Insights page and written into the API docs (README). One source, so the
 * page, the CSV and the API never disagree.
 */
export const METRIC_NAMES = ["mttd", "mttm", "mttr"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_LABELS: Record<MetricName, string> = {
  mttd: "Time to detect",
  mttm: "Time to mitigate",
  mttr: "Time to resolve",
};

export const DEFINITIONS = {
  window:
    "Incidents whose impact started in the window (from inclusive, to exclusive; UTC), not deleted, with the chosen severities and service. Months are UTC calendar months of the impact start.",
  impactStart:
    "Impact start is the earliest “impact start” milestone on the timeline; without one, the start given when the incident was declared (or later corrected in its header).",
  mttd: "Time to detect: impact start → the earliest “detected” milestone.",
  mttm: "Time to mitigate: impact start → the earliest “mitigated” milestone.",
  mttr: "Time to resolve: impact start → the earliest “resolved” milestone, or when the incident was set to resolved.",
  missing: "An incident without the end milestone is left out of that figure and counted as missing.",
  negative:
    "A milestone before the impact start is a data error: that duration is left out and counted as negative.",
  median:
    "Median and p90 use linear interpolation between the nearest ranks (as Excel’s PERCENTILE.INC): the median of an even count is the mean of the two middle values; p90 lies 90% of the way from the shortest to the longest duration.",
  mean: "Mean is the arithmetic mean of the durations counted.",
  actionItems:
    "Action items of the incidents in the window. Closed means done or won’t do. Overdue at a month’s end: still open then, with its due day passed (from current due dates and close times).",
  factors: "Contributing factors of those incidents’ postmortems, by category and by the month the incident started.",
  services: "Affected services of the incident and impacted services of its postmortem, counted once per incident (case ignored).",
} as const;
