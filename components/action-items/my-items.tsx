"use client";

import { Button } from "@/components/ui/button";

/**
 * "My items": the items whose owner is the signed-in person's account
 * (`mine=true` in the URL, so the link means "mine" for whoever opens it).
 * Items written with their name before they had an account count once
 * they are linked (lib/people/link.ts).
 */
export function MyItemsToggle({ on, onChange }: { on: boolean; onChange: (mine: boolean) => void }) {
  return (
    <Button variant="secondary" size="compact" aria-pressed={on} className={on ? "border-sky-600 bg-sky-50 dark:bg-sky-950" : ""} onClick={() => onChange(!on)}>
      My items
    </Button>
  );
}
