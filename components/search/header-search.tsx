"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Kbd } from "@/components/ui/kbd";
import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import { SeverityBadge } from "@/components/incidents/badges";
import { entryIdFromHash, requestEntryFocus } from "@/components/timeline/entry-focus";
import { groupByIncident, searchApi, type SearchResultJson } from "./api";
import { ResultBody } from "./result-item";
import { Input } from "@/components/ui/input";

const DEBOUNCE_MS = 150;
const PAGE = 20;

type State =
  | { status: "idle" }
  | { status: "loading"; q: string; results: SearchResultJson[]; more: boolean }
  | { status: "done"; q: string; results: SearchResultJson[]; more: boolean }
  | { status: "error"; q: string; message: string };

/** Follow a result: the entry (when it is one) is selected once the timeline shows. */
function noteEntry(url: string): void {
  const at = url.indexOf("#");
  const id = at < 0 ? null : entryIdFromHash(url.slice(at));
  if (id) requestEntryFocus(id);
}

/**
 * Search everything from the header: "/" focuses it (outside text fields),
 * results come as you type, grouped by incident; ↑/↓ move, Enter opens,
 * Esc closes. Enter without a chosen result opens the full results page.
 */
export function HeaderSearch() {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ status: "idle" });
  const [active, setActive] = useState(-1);
  const baseId = useId();
  const listId = `${baseId}-results`;

  useDocumentKeydown((e) => {
    if (e.key !== "/" || ignoreGlobalKey(e)) return;
    e.preventDefault();
    inputRef.current?.focus();
    inputRef.current?.select();
    setOpen(true);
  });

  useEffect(() => {
    const text = q;
    if (!text.trim()) {
      setState({ status: "idle" });
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setState((s) => ({ status: "loading", q: text, results: s.status === "done" || s.status === "loading" ? s.results : [], more: false }));
      const res = await searchApi.search(text, PAGE, ctrl.signal);
      if (ctrl.signal.aborted) return;
      if (!res.ok) return setState({ status: "error", q: text, message: res.message });
      setState({ status: "done", q: text, results: res.data.results, more: res.data.nextCursor !== null });
      setActive(-1);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  const results = state.status === "done" || state.status === "loading" ? state.results : [];
  const groups = useMemo(() => groupByIncident(results), [results]);
  // Keyboard order is display order: results by group, then "all results".
  const ordered = useMemo(() => groups.flatMap((g) => g.results), [groups]);
  const allResultsHref = `/search?${new URLSearchParams({ q })}`;
  const optionCount = ordered.length + (q.trim() ? 1 : 0);
  const optionId = (i: number) => `${baseId}-option-${i}`;
  const showPanel = open && state.status !== "idle";

  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const go = (url: string) => {
    close();
    inputRef.current?.blur();
    noteEntry(url);
    router.push(url);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (optionCount === 0) return;
      e.preventDefault();
      setOpen(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      // -1 is the text box itself; past either end wraps through it.
      setActive((i) => {
        const next = i + step;
        if (next < -1) return optionCount - 1;
        return next >= optionCount ? -1 : next;
      });
    } else if (e.key === "Enter") {
      if (!q.trim()) return;
      e.preventDefault();
      const chosen = active >= 0 ? ordered[active] : undefined;
      go(chosen ? chosen.url : allResultsHref);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (open && q) close();
      else inputRef.current?.blur();
    }
  };

  let index = -1;
  return (
    <div
      className="relative min-w-0 flex-1 sm:max-w-md"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) close();
      }}
    >
      <label htmlFor={`${baseId}-input`} className="sr-only">
        Search incidents, timelines, postmortems and action items
      </label>
      <Input
        ref={inputRef}
        id={`${baseId}-input`}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showPanel}
        aria-controls={listId}
        aria-activedescendant={showPanel && active >= 0 ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={q}
        placeholder="Search everything…"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        density="compact"
        className="w-full pr-9 text-base"
      />
      <span className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2" aria-hidden="true">
        <Kbd>/</Kbd>
      </span>
      <div aria-live="polite" className="sr-only">
        {state.status === "done" ? `${state.results.length}${state.more ? " or more" : ""} results` : state.status === "error" ? state.message : ""}
      </div>
      {showPanel ? (
        <div
          id={listId}
          role="listbox"
          aria-label="Search results"
          className="absolute top-full right-0 left-0 z-40 mt-1 max-h-[70vh] min-w-[min(36rem,90vw)] overflow-y-auto rounded-md border border-zinc-300 bg-white shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {state.status === "error" ? (
            <p role="alert" className="p-3 text-red-700 dark:text-red-400">
              {state.message}
            </p>
          ) : state.status === "loading" && results.length === 0 ? (
            <p className="p-3 text-zinc-600 dark:text-zinc-400">Searching…</p>
          ) : state.status === "done" && results.length === 0 ? (
            <p className="p-3 text-zinc-600 dark:text-zinc-400">No matches for “{state.q.trim()}”.</p>
          ) : null}
          {groups.map((g) => (
            <div key={g.incidentId} role="group" aria-labelledby={`${baseId}-group-${g.incidentId}`} className="border-b border-zinc-200 last:border-b-0 dark:border-zinc-800">
              <div id={`${baseId}-group-${g.incidentId}`} className="flex items-center gap-2 bg-zinc-50 px-3 py-1.5 text-sm font-semibold dark:bg-zinc-800/60">
                <SeverityBadge severity={g.severity} />
                <span className="font-mono">{g.incidentKey}</span>
                <span className="truncate">{g.incidentTitle}</span>
              </div>
              {g.results.map((r) => {
                index++;
                const i = index;
                return (
                  <Link
                    key={`${r.type}-${r.id}`}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === active}
                    href={r.url}
                    tabIndex={-1}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => {
                      close();
                      noteEntry(r.url);
                    }}
                    className={`block px-3 py-2 ${i === active ? "bg-sky-100 dark:bg-sky-900/60" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
                  >
                    <ResultBody result={r} />
                  </Link>
                );
              })}
            </div>
          ))}
          {q.trim() && state.status !== "error" ? (
            <Link
              id={optionId(ordered.length)}
              role="option"
              aria-selected={active === ordered.length}
              href={allResultsHref}
              tabIndex={-1}
              onClick={close}
              className={`block px-3 py-2 text-sm font-medium text-sky-800 dark:text-sky-300 ${active === ordered.length ? "bg-sky-100 dark:bg-sky-900/60" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
            >
              {state.status === "done" && state.more ? "More results, with filters…" : "All results, with filters…"} <Kbd>Enter</Kbd>
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
