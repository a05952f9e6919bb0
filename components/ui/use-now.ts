"use client";

import { useEffect, useState, useSyncExternalStore } from "react";

/**
 * The current time, ticking every `intervalMs`. It starts at `initial` (the
 * server's render time) so the first client render matches the server's
 * HTML, then follows the browser clock.
 */
export function useNow(initial: string, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.parse(initial));
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

const noSubscribe = () => () => {};

/** false during server rendering and hydration, true after: for output that depends on the viewer (local time zone). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
