"use client";

import { useEffect, useId, useState } from "react";
import { formatUtcDateTime } from "@/lib/time-format";
import type { ImportPreviewJson } from "@/lib/postmortem/wire";
import type { ImportChoices } from "./api";
import { Input, Select } from "@/components/ui/input";

const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;

const SOURCE_WORDS: Record<string, string> = {
  heading: "from the heading",
  frontMatter: "from the front matter",
  text: "taken from the text — check it",
  given: "as you set it",
  document: "stated in the document",
  default: "not stated in the document — a default",
};

function when(iso: string | null): string {
  return iso ? `${formatUtcDateTime(iso)} UTC` : "unknown";
}

/** The import report as a person reads it, with the title and severity open to change. */
export function ImportPreview({
  preview,
  choices,
  onChoose,
}: {
  preview: ImportPreviewJson;
  choices: ImportChoices;
  onChoose: (choices: ImportChoices) => void;
}) {
  const titleId = useId();
  const severityId = useId();
  const { incident } = preview;
  const [title, setTitle] = useState(choices.title ?? incident.title);
  useEffect(() => setTitle(choices.title ?? incident.title), [choices.title, incident.title]);
  return (
    <div className="space-y-4" data-testid="import-preview">
      <h2 className="text-xl font-bold">What will be created</h2>
      {preview.warnings.length ? (
        <ul aria-label="Warnings" className="ml-5 list-disc rounded-md bg-amber-50 p-2 text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <label htmlFor={titleId} className="block space-y-1">
          <span className="block font-semibold">Title</span>
          <Input
            id={titleId}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            onBlur={() => {
              if (title.trim() && title !== incident.title) onChoose({ title: title.trim() });
            }}
            density="inline"
            className="w-full"
          />
          <span className="block text-sm text-zinc-600 dark:text-zinc-400">{SOURCE_WORDS[incident.titleSource] ?? incident.titleSource}</span>
        </label>
        <label htmlFor={severityId} className="block space-y-1">
          <span className="block font-semibold">Severity</span>
          <Select
            id={severityId}
            value={incident.severity}
            onChange={(e) => onChoose({ severity: e.target.value })}
            density="inline"
          >
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
          <span className="block text-sm text-zinc-600 dark:text-zinc-400" data-testid="severity-source">
            {SOURCE_WORDS[incident.severitySource] ?? incident.severitySource}
            {incident.severityPhrase ? `: “${incident.severityPhrase}”` : ""}
          </span>
        </label>
      </div>
      <p>
        Impact from <strong className="font-mono">{when(incident.startedAt)}</strong> to <strong className="font-mono">{when(incident.resolvedAt)}</strong>
        {incident.services.length ? ` · services: ${incident.services.join(", ")}` : ""}
      </p>

      <section aria-label="Timeline" className="space-y-1">
        <h3 className="font-semibold">
          Timeline: {preview.timelineTotal} {preview.timelineTotal === 1 ? "entry" : "entries"}
        </h3>
        {preview.timeline.length ? (
          <div className="max-h-96 overflow-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th className="pr-2">As written</th>
                  <th className="pr-2">UTC</th>
                  <th className="pr-2">Zone applied</th>
                  <th className="pr-2">Status</th>
                  <th>Description</th>
                </tr>
              </thead>
              <tbody>
                {preview.timeline.map((row, i) => (
                  <tr key={i} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid="preview-row">
                    <td className="pr-2 font-mono whitespace-nowrap">{row.written}</td>
                    <td className="pr-2 font-mono whitespace-nowrap">
                      {formatUtcDateTime(row.occurredAt)}
                      {row.endedAt ? `–${formatUtcDateTime(row.endedAt)}` : ""}
                    </td>
                    <td className="pr-2">{row.zone}</td>
                    <td className="pr-2">
                      {row.statusLabel}
                      {row.milestone ? <span className="ml-1 text-xs text-zinc-500">({row.milestone.replace("_", " ")})</span> : null}
                    </td>
                    <td>{row.body}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.timelineTotal > preview.timeline.length ? <p>… and {preview.timelineTotal - preview.timeline.length} more</p> : null}
          </div>
        ) : null}
      </section>

      <section aria-label="Sections" className="space-y-1">
        <h3 className="font-semibold">Sections, in the author&apos;s order</h3>
        <ul className="text-sm">
          {preview.sections.map((s, i) => (
            <li key={i} className={s.level ? "ml-6" : ""}>
              {s.title || "(opening words)"} → <span className="text-zinc-600 dark:text-zinc-400">{s.keptAs}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-label="Follow-ups" className="space-y-1">
        <h3 className="font-semibold">Follow-ups: {preview.followUpsTotal}</h3>
        <ul className="ml-5 list-disc text-sm">
          {preview.followUps.map((f, i) => (
            <li key={i}>
              {f.title} <span className="text-zinc-600 dark:text-zinc-400">({[f.status.replace("_", " "), f.owner ? `owner ${f.owner}` : "", f.dueDate ? `due ${f.dueDate}` : ""].filter(Boolean).join(", ")})</span>
            </li>
          ))}
        </ul>
      </section>

      {preview.impactedServices.length ? (
        <section aria-label="Impacted services" className="space-y-1">
          <h3 className="font-semibold">Impacted services</h3>
          <ul className="ml-5 list-disc text-sm">
            {preview.impactedServices.map((s, i) => (
              <li key={i}>
                {s.service}
                {s.impact ? ` — ${s.impact}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
