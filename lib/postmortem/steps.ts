/**
 * The postmortem's status machine: draft ⇄ in review ⇄ published, one step
 * at a time; "complete" is reached only through the action items (every
 * item closed: lib/postmortem/complete.ts) and left only when one reopens.
 * The service checks moves against it and the status buttons draw from it,
 * so it has no server-only imports.
 */
import { EDITABLE_POSTMORTEM_STATUSES, type EditablePostmortemStatus, type PostmortemStatus } from "./document";

export type PostmortemStep = { to: EditablePostmortemStatus; label: string };

export const POSTMORTEM_STATUS_WORDS: Record<PostmortemStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  published: "Published",
  complete: "Complete",
};

/** The moves open from each status, with the words of their buttons. */
export const POSTMORTEM_STEPS: Record<PostmortemStatus, readonly PostmortemStep[]> = {
  draft: [{ to: "in_review", label: "Send for review" }],
  in_review: [
    { to: "draft", label: "Back to draft" },
    { to: "published", label: "Publish" },
  ],
  published: [{ to: "in_review", label: "Unpublish (back to review)" }],
  complete: [],
};

/** A stored status as one the machine knows, or null (a row written by something else). */
function knownPostmortemStatus(status: string): PostmortemStatus | null {
  return EDITABLE_POSTMORTEM_STATUSES.find((s) => s === status) ?? (status === "complete" ? "complete" : null);
}

/** The moves open from a stored status (anything unknown has none). */
export function postmortemStepsFrom(status: string): readonly PostmortemStep[] {
  const known = knownPostmortemStatus(status);
  return known ? POSTMORTEM_STEPS[known] : [];
}

/** The word shown for a stored status; an unknown one is shown as stored rather than hidden. */
export function postmortemStatusWord(status: string): string {
  const known = knownPostmortemStatus(status);
  return known ? POSTMORTEM_STATUS_WORDS[known] : status;
}

/** Whether a postmortem in status `from` may move to `to` in one step. */
export function canStepPostmortem(from: string, to: string): boolean {
  return postmortemStepsFrom(from).some((step) => step.to === to);
}
