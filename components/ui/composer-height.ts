"use client";

import { useEffect, type RefObject } from "react";

/**
 * Publish where the sticky entry box is, as CSS variables on <html>, while
 * it is on the page, so what must not hide under it can keep clear:
 *  - `--composer-height`: its height (scrolling an element into view stops
 *    above it: globals.css, scroll-padding-bottom);
 *  - `--composer-clearance`: how far from the bottom of the window its top
 *    edge is (toasts sit above that). On a short page the box is not
 *    pinned to the bottom, so this is more than its height.
 */
export function useComposerHeight(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    let frame = 0;
    const publish = () => {
      frame = 0;
      const rect = el.getBoundingClientRect();
      root.style.setProperty("--composer-height", `${Math.ceil(rect.height)}px`);
      root.style.setProperty("--composer-clearance", `${Math.max(0, Math.ceil(window.innerHeight - rect.top))}px`);
    };
    const soon = () => {
      if (!frame) frame = requestAnimationFrame(publish);
    };
    publish();
    const observer = new ResizeObserver(soon);
    observer.observe(el);
    observer.observe(document.body);
    window.addEventListener("resize", soon);
    window.addEventListener("scroll", soon, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener("resize", soon);
      window.removeEventListener("scroll", soon);
      root.style.removeProperty("--composer-height");
      root.style.removeProperty("--composer-clearance");
    };
  }, [ref]);
}
