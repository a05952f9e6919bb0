"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionItemDefaults } from "@/lib/action-items/defaults";
import { NewActionItemDialog } from "./new-action-item-dialog";
import { btn } from "./styles";

/** A button that opens the create dialog and refreshes the page's data afterwards. */
export function NewActionItemButton({
  incidentId,
  defaults,
  owners,
  factors,
  label = "New action item",
}: {
  incidentId: string;
  defaults?: Partial<ActionItemDefaults>;
  owners?: string[];
  factors?: Array<{ id: string; title: string }>;
  label?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={btn.primary} onClick={() => setOpen(true)}>
        {label}
      </button>
      <NewActionItemDialog
        incidentId={incidentId}
        defaults={defaults}
        owners={owners}
        factors={factors}
        open={open}
        onClose={() => setOpen(false)}
        onCreated={() => router.refresh()}
      />
    </>
  );
}
