"use client";

import { useEffect, type RefObject } from "react";

/**
 * Publish the sticky entry box's height as the CSS variable
 * `--composer-height` on <html> while it is on the page, so what must not
 * hide under it can keep clear: toasts sit above it, and scrolling an
 * element into view stops above it (globals.css: scroll-padding-bottom).
 */
export function useComposerHeight(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const publish = () => root.style.setProperty("--composer-height", `${Math.ceil(el.getBoundingClientRect().height)}px`);
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--composer-height");
    };
  }, [ref]);
}
