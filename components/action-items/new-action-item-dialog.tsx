"use client";

import { useState } from "react";
import type { ActionItemDefaults } from "@/lib/action-items/defaults";
import type { ActionItemJson } from "@/lib/action-items/wire";
import { ActionItemForm, EMPTY_FORM, type ActionItemFormValues, type SubmitOutcome } from "./action-item-form";
import { actionItemsApi } from "./api";
import { newClientId } from "@/lib/client-id";
import { Dialog } from "@/components/ui/dialog";

export type NewActionItemDialogProps = {
  incidentId: string;
  /** Prefill, e.g. defaultsFromTimelineEntry(entry) or defaultsFromContributingFactor(factor). */
  defaults?: Partial<ActionItemDefaults>;
  open: boolean;
  onClose: () => void;
  onCreated?: (item: ActionItemJson) => void;
  /** Offer a contributing factor to link to. */
  factors?: Array<{ id: string; title: string }>;
};

/**
 * Create an action item, from anywhere it comes up: the timeline shortcut,
 * a contributing factor, or the postmortem. Controlled: the caller owns
 * `open`. POSTs to the JSON API with a client-made id, so pressing Save
 * again after a network failure never makes two items.
 */
export function NewActionItemDialog(props: NewActionItemDialogProps) {
  return (
    <Dialog wide open={props.open} onClose={props.onClose} title="New action item">
      <NewActionItemBody {...props} />
    </Dialog>
  );
}

function NewActionItemBody({ incidentId, defaults = {}, onClose, onCreated, factors }: NewActionItemDialogProps) {
  // Mounted per opening of the dialog: one id per item being written.
  const [clientId] = useState(newClientId);
  const initial: ActionItemFormValues = {
    ...EMPTY_FORM,
    title: defaults.title ?? "",
    description: defaults.description ?? "",
    contributingFactorId: defaults.contributingFactorId ?? "",
  };

  async function submit(v: ActionItemFormValues): Promise<SubmitOutcome> {
    const res = await actionItemsApi.create(incidentId, {
        id: clientId,
        title: v.title,
        description: v.description,
        ...(v.ownerId ? { ownerId: v.ownerId } : { owner: v.owner.trim() || null }),
        dueDate: v.dueDate || null,
        priority: v.priority,
        type: v.type,
        status: v.status,
        wontDoReason: v.status === "wont_do" ? v.wontDoReason : undefined,
        externalUrl: v.externalUrl.trim() || null,
        timelineEventId: defaults.timelineEventId,
      contributingFactorId: v.contributingFactorId || undefined,
    });
    if (!res.ok) return { ok: false, message: res.message, issues: res.issues };
    onCreated?.(res.data);
    onClose();
    return { ok: true };
  }

  return (
    <>
      {defaults.timelineEventId ? <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">Linked to the timeline entry it came from.</p> : null}
      <ActionItemForm initial={initial} submitLabel="Create action item" onSubmit={submit} onCancel={onClose} factors={factors} />
    </>
  );
}
