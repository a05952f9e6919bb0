"use client";

import type { ActionItemJson } from "@/lib/action-items/wire";
import { ActionItemForm, type ActionItemFormValues, type SubmitOutcome } from "./action-item-form";
import { actionItemsApi } from "./api";
import { Dialog } from "@/components/ui/dialog";

function formValues(item: ActionItemJson): ActionItemFormValues {
  return {
    title: item.title,
    description: item.description,
    owner: item.owner ?? "",
    ownerId: item.ownerId ?? "",
    dueDate: item.dueDate ?? "",
    priority: item.priority,
    type: item.type,
    status: item.status,
    wontDoReason: item.wontDoReason ?? "",
    externalUrl: item.externalUrl ?? "",
    contributingFactorId: item.contributingFactorId ?? "",
  };
}

/** Only what changed, so an edit never overwrites a field someone else just set. */
function changes(before: ActionItemFormValues, after: ActionItemFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (after.title !== before.title) out.title = after.title;
  if (after.description !== before.description) out.description = after.description;
  if (after.ownerId !== before.ownerId || after.owner.trim() !== before.owner) {
    // An account is sent by id; a typed name (or nothing) as text.
    if (after.ownerId) out.ownerId = after.ownerId;
    else out.owner = after.owner.trim() || null;
  }
  if (after.dueDate !== before.dueDate) out.dueDate = after.dueDate || null;
  if (after.priority !== before.priority) out.priority = after.priority;
  if (after.type !== before.type) out.type = after.type;
  if (after.status !== before.status) out.status = after.status;
  if (after.status === "wont_do" && after.wontDoReason !== before.wontDoReason) out.wontDoReason = after.wontDoReason;
  if (after.externalUrl.trim() !== before.externalUrl) out.externalUrl = after.externalUrl.trim() || null;
  if (after.contributingFactorId !== before.contributingFactorId) out.contributingFactorId = after.contributingFactorId || null;
  return out;
}

/** Edit one action item with its version; a concurrent edit is reported, not overwritten. */
export function EditActionItemDialog({
  item,
  onClose,
  onSaved,
  factors,
}: {
  item: ActionItemJson | null;
  onClose: () => void;
  onSaved: (item: ActionItemJson) => void;
  factors?: Array<{ id: string; title: string }>;
}) {
  async function submit(values: ActionItemFormValues): Promise<SubmitOutcome> {
    if (!item) return { ok: true };
    const patch = changes(formValues(item), values);
    if (Object.keys(patch).length === 0) {
      onClose();
      return { ok: true };
    }
    const res = await actionItemsApi.update(item.id, { version: item.version, ...patch });
    if (!res.ok) {
      const message = res.status === 409 ? "Someone else changed this item meanwhile. Close this dialog to see their version, then edit again." : res.message;
      return { ok: false, message, issues: res.status === 409 ? [] : res.issues };
    }
    onSaved(res.data);
    onClose();
    return { ok: true };
  }
  return (
    <Dialog wide open={item !== null} onClose={onClose} title={item ? `Edit: ${item.title}` : "Edit action item"}>
      {item ? <ActionItemForm key={`${item.id}:${item.version}`} initial={formValues(item)} submitLabel="Save" onSubmit={submit} onCancel={onClose} factors={factors} /> : null}
    </Dialog>
  );
}
