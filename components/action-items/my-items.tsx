"use client";

import { useEffect, useId, useState } from "react";
import { btn, input } from "./styles";

const KEY = "debrief:me";

/**
 * "My items": the owner filter set to the signed-in person. Until accounts
 * exist, that is a name the browser remembers (localStorage "debrief:me").
 */
export function MyItemsToggle({ owner, onOwner }: { owner: string | undefined; onOwner: (owner: string | undefined) => void }) {
  const id = useId();
  const [me, setMe] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");

  useEffect(() => {
    // localStorage may be off (private mode, policy); the toggle then asks each time.
    try {
      setMe(window.localStorage.getItem(KEY));
    } catch {
      setMe(null);
    }
  }, []);

  const [problem, setProblem] = useState<string | null>(null);

  function save(name: string) {
    const clean = name.trim();
    // The same limit as an owner name; too long is said, not cut.
    if (!clean || clean.length > 100) {
      setProblem(clean ? "Your name: must be at most 100 characters" : "Your name: must not be empty");
      return;
    }
    setProblem(null);
    try {
      window.localStorage.setItem(KEY, clean);
    } catch {
      /* remembered for this page only */
    }
    setMe(clean);
    setEditing(false);
    onOwner(clean);
  }

  const on = Boolean(me) && owner === me;
  if (editing) {
    return (
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          save(draft);
        }}
      >
        <div>
          <label htmlFor={`${id}-me`} className="block text-sm font-medium">
            Your name as owner
          </label>
          <input id={`${id}-me`} className={input} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
        </div>
        <button type="submit" className={btn.primary}>
          Save
        </button>
        <button type="button" className={btn.ghost} onClick={() => setEditing(false)}>
          Cancel
        </button>
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {problem}
          </p>
        ) : null}
      </form>
    );
  }
  return (
    <div className="flex items-center gap-1">
      <button
        type="button"
        aria-pressed={on}
        className={`${btn.secondary} ${on ? "border-sky-600 bg-sky-50 dark:bg-sky-950" : ""}`}
        onClick={() => {
          if (!me) {
            setDraft("");
            setEditing(true);
          } else onOwner(on ? undefined : me);
        }}
      >
        My items{me ? ` (${me})` : ""}
      </button>
      {me ? (
        <button
          type="button"
          className={`${btn.ghost} text-sm`}
          onClick={() => {
            setDraft(me);
            setEditing(true);
          }}
        >
          Change name
        </button>
      ) : null}
    </div>
  );
}
