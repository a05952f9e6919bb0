"use client";

import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import { SEVERITIES, ZCreateIncident, type Severity } from "@/lib/incidents/schemas";
import { incidentsApi } from "@/components/incidents/api";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import { useHydrated } from "@/components/ui/use-now";
import { useTypeAhead } from "@/components/ui/type-ahead";
import { SEVERITY_HINTS } from "@/lib/incidents/labels";
import { Input } from "@/components/ui/input";

/** Alt+1…4 arrive as e.code "Digit1"… whatever the keyboard layout makes of e.key. */
function severityFromKey(e: KeyboardEvent, needAlt: boolean): Severity | null {
  if (needAlt !== e.altKey || e.ctrlKey || e.metaKey) return null;
  const m = /^(?:Digit|Numpad)([1-4])$/.exec(e.code);
  return m ? (SEVERITIES[Number(m[1]) - 1] ?? null) : null;
}

/**
 * Declare an incident in seconds: "n" focuses the title, Alt+1…4 picks the
 * severity while typing, Enter declares and opens the incident page.
 */
export function DeclareIncidentForm() {
  const router = useRouter();
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<Severity>("SEV3");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  const typeAhead = useTypeAhead();

  useDocumentKeydown((e) => {
    if (e.key !== "n" || ignoreGlobalKey(e)) return;
    e.preventDefault();
    titleRef.current?.focus();
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const input = { title, severity };
    const valid = ZCreateIncident.safeParse(input);
    if (!valid.success) {
      setError(`Title ${valid.error.issues[0]?.message ?? "is invalid"}`);
      titleRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    // From this key press on, what is typed waits for the incident's entry box.
    typeAhead.start();
    const res = await incidentsApi.create(input);
    if (res.ok) {
      router.push(`/incidents/${res.data.number}`);
      return;
    }
    setBusy(false);
    // Not declared: the keyboard comes back here; text typed meanwhile is kept for the timeline.
    const typed = typeAhead.release();
    titleRef.current?.focus();
    setError(
      (res.status === 0 ? "Cannot reach the server. Your title is kept; try again." : res.message) +
        (typed ? " What you typed after Enter is kept and goes into the timeline once the incident opens." : ""),
    );
  };

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="declare-heading"
      className="rounded-lg border-2 border-zinc-200 p-4 dark:border-zinc-700"
    >
      <h2 id="declare-heading" className="mb-3 text-lg font-semibold">
        Declare an incident{" "}
        {/* The shortcut works once the page's script runs; say so only then. */}
        {hydrated ? (
          <span data-shortcut-ready className="text-base font-normal text-zinc-500 dark:text-zinc-400">
            (press <Kbd>n</Kbd>)
          </span>
        ) : null}
      </h2>
      <div className="flex flex-wrap items-end gap-4">
        <div className="min-w-64 flex-1">
          <label htmlFor="declare-title" className="mb-1 block font-medium">
            Incident title
          </label>
          <Input
            ref={titleRef}
            id="declare-title"
            name="title"
            value={title}
            autoComplete="off"
            placeholder="What is broken? e.g. Checkout API returning 502s"
            aria-describedby="declare-help"
            aria-invalid={error ? true : undefined}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              const s = severityFromKey(e, true);
              if (s) {
                e.preventDefault();
                setSeverity(s);
              }
            }}
            strong
            className="text-lg"
          />
        </div>
        <fieldset
          onKeyDown={(e) => {
            const s = severityFromKey(e, false);
            if (s) {
              e.preventDefault();
              setSeverity(s);
            }
          }}
        >
          <legend className="mb-1 font-medium">Severity</legend>
          <div className="flex gap-1">
            {SEVERITIES.map((s, i) => (
              <label
                key={s}
                title={`${SEVERITY_HINTS[s]} (Alt+${i + 1})`}
                className="cursor-pointer rounded-md border-2 border-zinc-300 px-3 py-2 font-mono font-bold has-checked:border-sky-600 has-checked:bg-sky-100 has-focus-visible:outline-3 has-focus-visible:outline-sky-500 dark:border-zinc-600 dark:has-checked:border-sky-400 dark:has-checked:bg-sky-950"
              >
                <input
                  type="radio"
                  name="severity"
                  value={s}
                  checked={severity === s}
                  onChange={() => setSeverity(s)}
                  className="sr-only"
                />
                {s}
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" variant="primary" disabled={busy} className="py-2.5 text-lg">
          {busy ? "Declaring…" : "Declare"}
        </Button>
      </div>
      <p id="declare-help" className="mt-2 text-base text-zinc-600 dark:text-zinc-400">
        <Kbd>Enter</Kbd> declares · <Kbd>Alt+1</Kbd>…<Kbd>Alt+4</Kbd> sets the severity ({severity}: {SEVERITY_HINTS[severity]})
      </p>
      {error ? (
        <p role="alert" className="mt-2 font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
