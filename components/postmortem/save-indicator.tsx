import type { SaveState } from "./use-autosave";

const TEXT: Record<SaveState["kind"], string> = {
  saved: "All changes saved",
  dirty: "Unsaved changes…",
  saving: "Saving…",
  offline: "Not saved yet — the server cannot be reached; retrying",
  invalid: "Not saved",
  conflict: "Not saved — someone else saved first",
};

export function SaveIndicator({ state }: { state: SaveState }) {
  const bad = state.kind === "offline" || state.kind === "invalid" || state.kind === "conflict";
  return (
    <p role="status" aria-live="polite" data-testid="pm-save-state" data-state={state.kind} className={`text-sm ${bad ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}>
      {TEXT[state.kind]}
      {state.kind === "invalid" ? `: ${state.message}` : null}
    </p>
  );
}
