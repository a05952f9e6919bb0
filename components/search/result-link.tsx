"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { entryFocusFromUrl, requestEntryFocus } from "@/components/timeline/entry-focus";

/** A link to a search result; a timeline entry is selected when its incident opens. */
export function ResultLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      className={className}
      onClick={() => {
        const request = entryFocusFromUrl(href);
        if (request) requestEntryFocus(request);
      }}
    >
      {children}
    </Link>
  );
}
