"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionItemDefaults } from "@/lib/action-items/defaults";
import { NewActionItemDialog } from "./new-action-item-dialog";
import { Button } from "@/components/ui/button";

/** A button that opens the create dialog and refreshes the page's data afterwards. */
export function NewActionItemButton({
  incidentId,
  defaults,
  factors,
  label = "New action item",
}: {
  incidentId: string;
  defaults?: Partial<ActionItemDefaults>;
  factors?: Array<{ id: string; title: string }>;
  label?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" size="compact" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <NewActionItemDialog
        incidentId={incidentId}
        defaults={defaults}
        factors={factors}
        open={open}
        onClose={() => setOpen(false)}
        onCreated={() => router.refresh()}
      />
    </>
  );
}
