"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { peopleApi } from "@/components/people/api";
import type { PersonJson } from "@/lib/people/wire";
import { Input } from "@/components/ui/input";

/** Someone chosen as an owner or role holder: an account, or a name typed for someone without one. */
export type PersonValue = { userId: string | null; name: string };

type Option =
  | { id: string; kind: "person"; person: PersonJson }
  | { id: string; kind: "name"; name: string }
  | { id: string; kind: "text"; name: string };

const NAMES_SHOWN = 5;

const SEARCH_DELAY_MS = 150;

/**
 * A combobox for people, keyboard first (the WAI-ARIA combobox pattern,
 * list autocomplete with manual selection): type a name or email, the
 * accounts that match appear below; ↓/↑ move through them, Enter or a
 * click picks one, Esc closes the list. Typing without picking keeps the
 * text as a name for someone without an account (the server links it when
 * it names exactly one account). No combobox primitive ships with the UI
 * libraries installed here (radix-ui has none), so this one is hand-made.
 */
export function PersonPicker({
  id,
  value,
  onChange,
  onPick,
  onEnter,
  label,
  placeholder = "Name or email",
  autoFocus = false,
  invalid = false,
  describedBy,
  className = "",
  density,
}: {
  id?: string;
  value: PersonValue;
  /** Every change: typing (free text) and picking. */
  onChange: (value: PersonValue) => void;
  /** An option was picked (Enter on it, or a click). */
  onPick?: (value: PersonValue) => void;
  /** Enter with no option highlighted; without it Enter does what it does in the form. */
  onEnter?: (value: PersonValue) => void;
  /** Accessible name when no <label for> points at the input. */
  label?: string;
  placeholder?: string;
  autoFocus?: boolean;
  invalid?: boolean;
  describedBy?: string;
  className?: string;
  /** The field's size: compact beside a table's other filters. */
  density?: "comfortable" | "compact";
}) {
  const generated = useId();
  const inputId = id ?? `${generated}-input`;
  const listId = `${generated}-list`;
  const [open, setOpen] = useState(false);
  const [people, setPeople] = useState<PersonJson[]>([]);
  // Names in use for people without an account (the server's answer too), offered after the accounts.
  const [names, setNames] = useState<string[]>([]);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<"idle" | "searching" | "failed">("idle");
  const inputRef = useRef<HTMLInputElement>(null);
  const query = value.userId ? "" : value.name.trim();

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  // Look people up once typing pauses; a newer query cancels the older one.
  useEffect(() => {
    if (!query) {
      setPeople([]);
      setNames([]);
      setStatus("idle");
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setStatus("searching");
      void peopleApi.find(query, controller.signal).then((res) => {
        if (controller.signal.aborted) return;
        if (res.ok) {
          setPeople(res.data.people);
          setNames(res.data.names);
          // The options moved: never leave a highlight on something the user did not choose.
          setActive(-1);
          setStatus("idle");
        } else {
          setPeople([]);
          setNames([]);
          setStatus("failed");
        }
      });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const lower = query.toLowerCase();
  const accountNames = new Set(people.map((p) => p.name.toLowerCase()));
  const usedNames = lower
    ? names.filter((n) => n.toLowerCase().startsWith(lower) && !accountNames.has(n.toLowerCase())).slice(0, NAMES_SHOWN)
    : [];
  const typedIsListed = accountNames.has(lower) || usedNames.some((n) => n.toLowerCase() === lower);
  const options: Option[] = [
    ...people.map((p): Option => ({ id: `${generated}-p-${p.id}`, kind: "person", person: p })),
    ...usedNames.map((n, i): Option => ({ id: `${generated}-n-${i}`, kind: "name", name: n })),
    ...(query && !typedIsListed ? [{ id: `${generated}-text`, kind: "text" as const, name: query }] : []),
  ];
  const expanded = open && options.length > 0;
  const activeOption = expanded ? options[active] : undefined;

  const pick = (option: Option) => {
    const next: PersonValue = option.kind === "person" ? { userId: option.person.id, name: option.person.name } : { userId: null, name: option.name };
    onChange(next);
    onPick?.(next);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!expanded) {
        setOpen(true);
        setActive(e.key === "ArrowDown" ? 0 : options.length - 1);
        return;
      }
      // Positions cycle through the options and back to the text itself (-1).
      const step = e.key === "ArrowDown" ? 1 : -1;
      const n = options.length;
      setActive((a) => ((a + 1 + step + n + 1) % (n + 1)) - 1);
    } else if (e.key === "Enter") {
      if (activeOption) {
        e.preventDefault();
        pick(activeOption);
      } else if (onEnter) {
        e.preventDefault();
        setOpen(false);
        onEnter(value);
      }
    } else if (e.key === "Escape") {
      if (expanded) {
        // Close the list only: a dialog or popover around it stays open.
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  };

  const found = people.length;
  return (
    <div className={`relative ${className}`}>
      <div className="flex items-center gap-2">
        <Input
          ref={inputRef}
          id={inputId}
          type="text"
          role="combobox"
          aria-label={label}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={activeOption?.id}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={value.name}
          onChange={(e) => {
            onChange({ userId: null, name: e.target.value });
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          density={density}
          className="w-full text-base"
        />
        {value.userId ? (
          <span className="shrink-0 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" data-testid="person-linked">
            Account
          </span>
        ) : null}
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label="People"
        hidden={!expanded}
        className="absolute top-full left-0 z-50 mt-1 max-h-72 w-full min-w-64 overflow-auto rounded-md border border-zinc-300 bg-white p-1 shadow-lg dark:border-zinc-600 dark:bg-zinc-900"
      >
        {options.map((option, i) => (
          <li
            key={option.id}
            id={option.id}
            role="option"
            aria-selected={i === active}
            // Keep focus in the input: the pick happens on click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(option)}
            onMouseMove={() => setActive(i)}
            className={`cursor-pointer rounded px-3 py-2 ${i === active ? "bg-sky-100 dark:bg-sky-900" : ""}`}
          >
            {option.kind === "person" ? (
              <>
                <span className="font-medium">{option.person.name}</span>{" "}
                <span className="text-sm text-zinc-600 dark:text-zinc-400">{option.person.email}</span>
              </>
            ) : option.kind === "name" ? (
              <span>
                {option.name} <span className="text-sm text-zinc-600 dark:text-zinc-400">(no account)</span>
              </span>
            ) : (
              <span>
                Use “{option.name}” <span className="text-sm text-zinc-600 dark:text-zinc-400">(no account)</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <p className="sr-only" aria-live="polite">
        {status === "failed"
          ? "Could not look people up; the name is kept as typed."
          : query && status === "idle" && open
            ? `${found} ${found === 1 ? "person" : "people"} found`
            : ""}
      </p>
    </div>
  );
}
