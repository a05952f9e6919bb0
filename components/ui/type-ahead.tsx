"use client";

import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { requiredContext } from "./required-context";

/** What was typed while a page was on its way: lines finished with Enter (and when), and the line in progress. */
export type TypedAhead = { lines: Array<{ text: string; at: Date }>; rest: string };

type TypeAheadApi = {
  /**
   * Catch the keyboard now, before the next key press: from here until a
   * page takes it, typing goes into a box that stays on screen across the
   * navigation. Call it synchronously in the event that starts navigating.
   */
  start: () => void;
  /** The page that was being waited for is here: hand over what was typed (null when nothing was caught). */
  take: () => TypedAhead | null;
  /**
   * The navigation did not happen (declaring failed): stop waiting if
   * nothing was typed; otherwise keep the text on screen for the next try.
   * Returns whether text is kept.
   */
  release: () => boolean;
};

const [TypeAheadContext, useTypeAhead] = requiredContext<TypeAheadApi>("useTypeAhead", "TypeAheadProvider");
export { useTypeAhead };

/**
 * Keystrokes typed while the next page loads are kept. Declaring an
 * incident opens its page, and responders start typing what they see at
 * once: without this, the first letters went into the old page's title
 * field and were lost ("seeing errors" became "eing errors"). The box is
 * always in the DOM (so it can take focus in the same event), shown only
 * while armed, and lives in the root layout, so navigation does not
 * unmount it.
 */
export function TypeAheadProvider({ children }: { children: ReactNode }) {
  const [armed, setArmed] = useState(false);
  const [text, setText] = useState("");
  const lines = useRef<TypedAhead["lines"]>([]);
  const box = useRef<HTMLTextAreaElement>(null);
  const armedRef = useRef(false);
  const id = useId();

  const start = useCallback(() => {
    armedRef.current = true;
    setArmed(true);
    // Focus before React re-renders: the very next key press must land here.
    const el = box.current;
    if (el) {
      el.focus({ preventScroll: true });
      el.setSelectionRange(el.value.length, el.value.length);
    }
  }, []);

  const take = useCallback((): TypedAhead | null => {
    if (!armedRef.current) return null;
    armedRef.current = false;
    const caught: TypedAhead = { lines: lines.current, rest: box.current?.value ?? "" };
    lines.current = [];
    setText("");
    setArmed(false);
    box.current?.blur();
    return caught.lines.length || caught.rest ? caught : null;
  }, []);

  const release = useCallback((): boolean => {
    if (!armedRef.current) return false;
    if (lines.current.length || box.current?.value.trim()) return true;
    take();
    return false;
  }, [take]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    // Enter finishes a line as it would in the entry box; it is posted, stamped now, once the page is here.
    if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (text.trim()) lines.current.push({ text, at: new Date() });
      setText("");
    }
  };

  const api = useMemo(() => ({ start, take, release }), [start, take, release]);
  const finished = lines.current.length;

  return (
    <TypeAheadContext.Provider value={api}>
      {children}
      <div
        data-type-ahead={armed ? "armed" : undefined}
        // Off screen (but focusable) until armed; screen readers skip it until then.
        aria-hidden={armed ? undefined : true}
        className={
          armed
            ? "fixed inset-x-0 bottom-0 z-50 border-t-4 border-sky-600 bg-white/95 px-4 pt-2 pb-3 shadow-lg backdrop-blur dark:bg-zinc-950/95"
            : "pointer-events-none fixed -left-[10000px] top-0 h-px w-px overflow-hidden opacity-0"
        }
      >
        <label htmlFor={id} className="mb-1 block font-semibold">
          Opening the incident… keep typing: this goes into its timeline
          {finished ? ` (${finished} ${finished === 1 ? "entry" : "entries"} ready to post)` : ""}
        </label>
        <textarea
          ref={box}
          id={id}
          tabIndex={armed ? 0 : -1}
          value={text}
          rows={1}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          className="block w-full resize-none rounded-md border-2 border-sky-600 bg-white px-3 py-2 text-lg dark:bg-zinc-900"
        />
      </div>
    </TypeAheadContext.Provider>
  );
}
