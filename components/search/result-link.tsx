"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { entryIdFromHash, requestEntryFocus } from "@/components/timeline/entry-focus";

/** A link to a search result; a timeline entry is selected when its incident opens. */
export function ResultLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      className={className}
      onClick={() => {
        const at = href.indexOf("#");
        const id = at < 0 ? null : entryIdFromHash(href.slice(at));
        if (id) requestEntryFocus(id);
      }}
    >
      {children}
    </Link>
  );
}
