"use client";

import { useState } from "react";
import type { EventJson } from "@/lib/timeline/wire";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { Button } from "@/components/ui/button";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { SECTION_LABELS, type SectionKey } from "@/lib/postmortem/document";
import type { PostmortemJson } from "@/lib/postmortem/wire";
import { draftOf, type PostmortemDraft } from "./api";
import { ConflictView } from "./conflict-view";
import { ExportButtons } from "./export-buttons";
import { KeyEntriesEditor, isKeyEntry, useLiveEvents } from "./key-entries-editor";
import { MarkdownField } from "./markdown-field";
import { ContributingFactorsEditor, ImpactedServicesEditor } from "./rows-editors";
import { SaveIndicator } from "./save-indicator";
import { StatusButtons } from "./status-buttons";
import { useAutosave } from "./use-autosave";
import { VisualTimeline } from "./visual-timeline";
import { Input } from "@/components/ui/input";

const HINTS: Partial<Record<SectionKey, string>> = {
  summary: "The opening paragraphs: what happened, to whom, for how long.",
  impact: "The outage as customers saw it. The impacted services table follows it.",
  closing: "Closing words after the remediation steps.",
};

/**
 * The postmortem of one incident: sections with live preview, rows, key entries, status and export. Saves by itself.
 * `readOnly` (viewers): every input and button but the export is disabled.
 */
export function PostmortemEditor({ initial, initialEvents, readOnly = false }: { initial: PostmortemJson; initialEvents: EventJson[]; readOnly?: boolean }) {
  const { incident } = useIncidentLive();
  const [draft, setDraft] = useState<PostmortemDraft>(() => draftOf(initial));
  const { state, saveNow, resolveConflict } = useAutosave(initial.incidentId, initial, draft);
  const { events, replace, loadAll, allLoaded } = useLiveEvents(initialEvents);

  const section = (key: SectionKey, rows?: number) => (
    <MarkdownField
      key={key}
      label={SECTION_LABELS[key]}
      hint={HINTS[key]}
      rows={rows}
      value={draft.sections[key]}
      onChange={(value) => setDraft((d) => ({ ...d, sections: { ...d.sections, [key]: value } }))}
    />
  );
  const keyEntries = events.filter(isKeyEntry);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold">Postmortem</h2>
        {readOnly ? null : <SaveIndicator state={state} />}
      </div>
      {readOnly ? <ReadOnlyNote /> : null}
      {/* A disabled fieldset disables every control inside it at once. */}
      <fieldset disabled={readOnly} className="m-0 min-w-0 space-y-8 border-0 p-0">
        <StatusButtons incidentId={incident.id} />
        {state.kind === "conflict" ? (
          <ConflictView
            mine={draft}
            theirs={state.theirs}
            onResolve={(merged) => {
              setDraft(merged);
              resolveConflict(state.theirs, merged);
            }}
          />
        ) : null}

        <VisualTimeline
          startedAt={incident.startedAt}
          detectedAt={incident.detectedAt}
          mitigatedAt={incident.mitigatedAt}
          resolvedAt={incident.resolvedAt}
          entries={keyEntries.map((e) => ({ id: e.id, occurredAt: e.occurredAt, endedAt: e.endedAt, label: `${e.visibility === "public" ? "[Public] " : ""}${e.statusLabel || e.body.slice(0, 60)}`, milestone: e.milestone }))}
        />

        <label className="block space-y-1">
          <span className="font-semibold">Authors</span>
          <Input
            value={draft.authors.join(", ")}
            onChange={(e) => setDraft((d) => ({ ...d, authors: e.target.value.split(",").map((a) => a.trimStart()) }))}
            placeholder="Dana Li, Sam Ortiz"
            density="inline"
            className="w-full"
          />
        </label>

        {section("summary", 8)}
        {section("impact")}
        <ImpactedServicesEditor rows={draft.impactedServices} onChange={(impactedServices) => setDraft((d) => ({ ...d, impactedServices }))} />
        {section("rootCause")}
        {section("trigger", 4)}
        <ContributingFactorsEditor rows={draft.contributingFactors} onChange={(contributingFactors) => setDraft((d) => ({ ...d, contributingFactors }))} />
        {section("detection", 4)}
        {section("resolution", 4)}
        <section aria-labelledby="pm-lessons" className="space-y-4">
          <h3 id="pm-lessons" className="text-lg font-semibold">
            Lessons learned
          </h3>
          {section("wentWell", 4)}
          {section("wentWrong", 4)}
          {section("gotLucky", 3)}
        </section>
        {draft.extraSections.map((extra, i) => (
          <div key={i} className="space-y-1">
            <div className="flex gap-2">
              <Input
                aria-label={`Title of section ${i + 1}`}
                value={extra.title}
                onChange={(e) => setDraft((d) => ({ ...d, extraSections: d.extraSections.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) }))}
                density="inline"
                className="flex-1 font-semibold"
              />
              <Button size="sm" variant="ghost" onClick={() => setDraft((d) => ({ ...d, extraSections: d.extraSections.filter((_, j) => j !== i) }))}>
                Remove section
              </Button>
            </div>
            <MarkdownField
              label={extra.title || `Section ${i + 1}`}
              value={extra.body}
              onChange={(body) => setDraft((d) => ({ ...d, extraSections: d.extraSections.map((x, j) => (j === i ? { ...x, body } : x)) }))}
            />
          </div>
        ))}
        <Button size="sm" onClick={() => setDraft((d) => ({ ...d, extraSections: [...d.extraSections, { title: "", body: "" }] }))}>
          Add another section
        </Button>
        {section("closing", 3)}

        <KeyEntriesEditor incidentId={incident.id} events={events} onSaved={replace} allLoaded={allLoaded} onShowAll={() => void loadAll()} />
      </fieldset>

      <section aria-labelledby="pm-export" className="space-y-2">
        <h3 id="pm-export" className="text-lg font-semibold">
          Export
        </h3>
        <ExportButtons incidentId={incident.id} beforeDownload={saveNow} />
      </section>
    </div>
  );
}
