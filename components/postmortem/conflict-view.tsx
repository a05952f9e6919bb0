"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SECTION_KEYS, SECTION_LABELS } from "@/lib/postmortem/document";
import type { PostmortemJson } from "@/lib/postmortem/wire";
import { draftOf, type PostmortemDraft } from "./api";

type FieldKey = `section:${(typeof SECTION_KEYS)[number]}` | "impactedServices" | "contributingFactors" | "extraSections" | "authors";

function fieldText(draft: PostmortemDraft, key: FieldKey): string {
  if (key.startsWith("section:")) {
    const section = SECTION_KEYS.find((k) => `section:${k}` === key);
    return section ? draft.sections[section] : "";
  }
  if (key === "impactedServices") return draft.impactedServices.map((s) => `${s.service} — ${s.impact}`).join("\n");
  if (key === "contributingFactors") return draft.contributingFactors.map((f) => `${f.title} (${f.category}) — ${f.description}`).join("\n");
  if (key === "extraSections") return draft.extraSections.map((e) => `## ${e.title}\n${e.body}`).join("\n\n");
  return draft.authors.join(", ");
}

function label(key: FieldKey): string {
  const section = SECTION_KEYS.find((k) => `section:${k}` === key);
  if (section) return SECTION_LABELS[section];
  if (key === "impactedServices") return "Impacted services";
  if (key === "contributingFactors") return "Contributing factors";
  if (key === "extraSections") return "Other sections";
  return "Authors";
}

const FIELDS: FieldKey[] = [...SECTION_KEYS.map((k) => `section:${k}` as const), "impactedServices", "contributingFactors", "extraSections", "authors"];

function take(merged: PostmortemDraft, from: PostmortemDraft, key: FieldKey): PostmortemDraft {
  const section = SECTION_KEYS.find((k) => `section:${k}` === key);
  if (section) return { ...merged, sections: { ...merged.sections, [section]: from.sections[section] } };
  if (key === "impactedServices") return { ...merged, impactedServices: from.impactedServices };
  if (key === "contributingFactors") return { ...merged, contributingFactors: from.contributingFactors };
  if (key === "extraSections") return { ...merged, extraSections: from.extraSections };
  return { ...merged, authors: from.authors };
}

/**
 * Someone else saved first. Both versions side by side, field by field;
 * the user picks, and the result is saved on top of theirs.
 */
export function ConflictView({
  mine,
  theirs,
  onResolve,
}: {
  mine: PostmortemDraft;
  theirs: PostmortemJson;
  onResolve: (merged: PostmortemDraft) => void;
}) {
  const their = draftOf(theirs);
  const differing = FIELDS.filter((k) => fieldText(mine, k) !== fieldText(their, k));
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>({});
  const merge = () => differing.reduce((acc, key) => (choice[key] === "theirs" ? take(acc, their, key) : acc), mine);
  return (
    <section role="alertdialog" aria-labelledby="pm-conflict-title" className="space-y-3 rounded-md border-2 border-amber-500 bg-amber-50 p-4 dark:bg-amber-950">
      <h3 id="pm-conflict-title" className="text-lg font-semibold">
        Someone else saved this postmortem while you were editing
      </h3>
      <p>Nothing was overwritten. For each part that differs, choose which version to keep, then save.</p>
      {differing.map((key) => (
        <fieldset key={key} className="space-y-1">
          <legend className="font-semibold">{label(key)}</legend>
          <div className="grid gap-2 md:grid-cols-2">
            {(["mine", "theirs"] as const).map((side) => (
              <label key={side} className="block rounded border border-zinc-300 p-2 dark:border-zinc-700">
                <span className="flex items-center gap-2 font-medium">
                  <input
                    type="radio"
                    name={`conflict-${key}`}
                    checked={(choice[key] ?? "mine") === side}
                    onChange={() => setChoice({ ...choice, [key]: side })}
                  />
                  {side === "mine" ? "Your version" : `Their version (v${theirs.version})`}
                </span>
                <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap text-sm">{fieldText(side === "mine" ? mine : their, key) || "(empty)"}</pre>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="flex gap-2">
        <Button variant="primary" onClick={() => onResolve(merge())}>
          Save my choices
        </Button>
        <Button onClick={() => onResolve(their)}>Discard my changes</Button>
      </div>
    </section>
  );
}
