"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { conflictCurrent } from "@/lib/api-client";
import { zPostmortemJson, type PostmortemJson } from "@/lib/postmortem/wire";
import { draftOf as draftOfServer, postmortemApi, type PostmortemDraft } from "./api";

export type SaveState =
  | { kind: "saved" }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "offline"; message: string }
  | { kind: "invalid"; message: string }
  | { kind: "conflict"; theirs: PostmortemJson };

const DEBOUNCE_MS = 800;
const RETRY_MS = 4000;

/** Rows still being typed (no name yet) are not sent; they stay in the editor. */
export function sendable(draft: PostmortemDraft): PostmortemDraft {
  return {
    ...draft,
    impactedServices: draft.impactedServices.filter((s) => s.service.trim()),
    contributingFactors: draft.contributingFactors.filter((f) => f.title.trim()),
    extraSections: draft.extraSections.filter((e) => e.title.trim()),
    authors: draft.authors.map((a) => a.trim()).filter(Boolean),
  };
}

/**
 * Save the draft a moment after typing stops, always with the version the
 * editor last saw. A 409 stops saving and hands both versions to the
 * conflict view; nothing is overwritten silently.
 */
export function useAutosave(incidentId: string, initial: PostmortemJson, draft: PostmortemDraft) {
  const [server, setServer] = useState(initial);
  const [state, setState] = useState<SaveState>({ kind: "saved" });
  const latest = useRef(draft);
  const sentJson = useRef(JSON.stringify(sendable(draft)));
  const versionRef = useRef(initial.version);
  const inFlight = useRef<Promise<void> | null>(null);
  const blocked = useRef(false);
  latest.current = draft;

  const saveNow = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    if (blocked.current) return;
    const body = sendable(latest.current);
    const json = JSON.stringify(body);
    if (json === sentJson.current) {
      setState((s) => (s.kind === "conflict" || s.kind === "invalid" ? s : { kind: "saved" }));
      return;
    }
    setState({ kind: "saving" });
    const run = (async () => {
      const answer = await postmortemApi.save(incidentId, versionRef.current, body);
      if (answer.ok) {
        versionRef.current = answer.data.version;
        sentJson.current = json;
        setServer(answer.data);
        setState(JSON.stringify(sendable(latest.current)) === json ? { kind: "saved" } : { kind: "dirty" });
      } else if (answer.status === 409) {
        const theirs = conflictCurrent(answer, zPostmortemJson);
        blocked.current = true;
        if (theirs) setState({ kind: "conflict", theirs });
        else setState({ kind: "invalid", message: answer.message });
      } else if (answer.status === 0 || answer.status >= 500) {
        setState({ kind: "offline", message: answer.message });
      } else {
        const detail = answer.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
        setState({ kind: "invalid", message: detail || answer.message });
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
  }, [incidentId]);

  const draftJson = JSON.stringify(sendable(draft));
  useEffect(() => {
    if (blocked.current || draftJson === sentJson.current) return;
    setState((s) => (s.kind === "saving" ? s : { kind: "dirty" }));
    const timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draftJson, saveNow]);

  // Keep retrying while the server is unreachable: nothing typed is lost.
  useEffect(() => {
    if (state.kind !== "offline") return;
    const timer = setTimeout(() => void saveNow(), RETRY_MS);
    return () => clearTimeout(timer);
  }, [state, saveNow]);

  /** After a conflict: save the merged draft on top of their version (the caller also shows the merged draft). */
  const resolveConflict = useCallback(
    (theirs: PostmortemJson, merged: PostmortemDraft) => {
      versionRef.current = theirs.version;
      latest.current = merged;
      sentJson.current = JSON.stringify(sendable(draftOfServer(theirs)));
      blocked.current = false;
      setServer(theirs);
      void saveNow();
    },
    [saveNow],
  );

  return { server, state, saveNow, resolveConflict };
}
