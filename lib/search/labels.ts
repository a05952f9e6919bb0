/**
 * Kinds of searchable record and the words shown for them (shared by the
 * API and the search box, so no server-only imports here).
 */
import { SECTION_LABELS, type SectionKey } from "../postmortem/document";

export const SEARCH_TYPES = ["incident", "event", "postmortem", "action_item"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const SEARCH_TYPE_LABELS: Record<SearchType, string> = {
  incident: "Incident",
  event: "Timeline entry",
  postmortem: "Postmortem",
  action_item: "Action item",
};

/** Which part of a postmortem a result is from. */
export type PostmortemSection = SectionKey | "extra" | "impactedService" | "contributingFactor";

export function postmortemSectionLabel(section: PostmortemSection, title: string | null): string {
  if (section === "extra") return title || "Other section";
  if (section === "impactedService") return "Impacted service";
  if (section === "contributingFactor") return "Contributing factor";
  return SECTION_LABELS[section];
}

/** The field a match was found in, per kind: the index's title/body/people columns by name. */
export const FIELD_NAMES: Record<SearchType, { title: string; body: string; people: string }> = {
  incident: { title: "title", body: "summary", people: "people" },
  event: { title: "statusLabel", body: "body", people: "people" },
  postmortem: { title: "title", body: "body", people: "people" },
  action_item: { title: "title", body: "description", people: "owner" },
};
