"use client";

import { useEffect, useState } from "react";
import { Popover } from "radix-ui";
import { incidentsApi } from "@/components/incidents/api";
import type { IncidentRolesJson } from "@/lib/incident-roles/wire";
import { PersonPicker, type PersonValue } from "@/components/people/person-picker";
import { useToast } from "@/components/ui/toast";
import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import { Kbd } from "@/components/ui/kbd";
import { floatingPanelClass } from "@/components/ui/menu";
import { useIncidentLive } from "./incident-live-provider";
import { formatUtcStamp } from "@/lib/time-format";

type Slot = IncidentRolesJson["roles"][number];

/** The signed-in person, for "Me". */
export type Me = { id: string; name: string } | null;

/**
 * Who holds each role (commander, scribe, communications lead and any an
 * admin added), in the incident header, live for every viewer. Responders
 * change a role in one action: open its menu (a click, or Shift+C for the
 * commander), type a name or email and pick, or take it themselves.
 */
export function IncidentRoles({ readOnly, me }: { readOnly: boolean; me: Me }) {
  const { roles } = useIncidentLive();
  const [openKey, setOpenKey] = useState<string | null>(null);

  useDocumentKeydown((e) => {
    if (readOnly || !e.shiftKey || e.key !== "C" || ignoreGlobalKey(e)) return;
    if (!roles.roles.some((r) => r.key === "commander")) return;
    e.preventDefault();
    setOpenKey("commander");
  });

  const shown = roles.roles.filter((r) => !r.archived || r.holder);
  return (
    <section aria-label="Incident roles">
      <dl className="flex flex-wrap items-center gap-x-5 gap-y-2 text-base">
        {shown.map((slot) => (
          <div key={slot.key} className="flex items-center gap-1.5">
            <dt className="text-zinc-600 dark:text-zinc-400">{slot.name}:</dt>
            <dd data-testid={`role-${slot.key}`} data-user-id={slot.holder?.userId ?? undefined}>
              {readOnly ? (
                <HolderText slot={slot} />
              ) : (
                <RoleMenu slot={slot} me={me} open={openKey === slot.key} onOpenChange={(open) => setOpenKey(open ? slot.key : null)} />
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function HolderText({ slot }: { slot: Slot }) {
  if (!slot.holder) return <span className="text-zinc-500 italic">unassigned</span>;
  return (
    <span data-testid="role-holder" className="font-medium" title={`Since ${formatUtcStamp(slot.holder.assignedAt)}, by ${slot.holder.assignedBy}`}>
      {slot.holder.name}
    </span>
  );
}

function RoleMenu({ slot, me, open, onOpenChange }: { slot: Slot; me: Me; open: boolean; onOpenChange: (open: boolean) => void }) {
  const { incident, applyRoles } = useIncidentLive();
  const toast = useToast();
  const [draft, setDraft] = useState<PersonValue>({ userId: null, name: "" });
  const [busy, setBusy] = useState(false);

  // A fresh, empty picker each time the menu opens.
  useEffect(() => {
    if (open) setDraft({ userId: null, name: "" });
  }, [open]);

  // Radix puts focus back on the button as the popover closes.
  const close = () => onOpenChange(false);

  const send = async (person: { userId: string } | { name: string } | null) => {
    if (busy) return;
    setBusy(true);
    const res = person ? await incidentsApi.assignRole(incident.id, slot.key, person) : await incidentsApi.unassignRole(incident.id, slot.key);
    setBusy(false);
    if (!res.ok) {
      toast.show({
        tone: "error",
        message: res.status === 0 ? "Cannot reach the server: the role was not changed. Try again when it is back." : res.message,
      });
      return;
    }
    applyRoles(res.data);
    const holder = res.data.roles.find((r) => r.key === slot.key)?.holder;
    toast.show({ tone: "success", message: holder ? `${holder.name} is now ${slot.name}` : `${slot.name} unassigned` });
    close();
  };

  const choose = (value: PersonValue) => {
    const name = value.name.trim();
    if (value.userId) void send({ userId: value.userId });
    else if (name) void send({ name });
  };

  const holderIsMe = Boolean(me && slot.holder?.userId === me.id);
  const label = `${slot.name}: ${slot.holder ? slot.holder.name : "unassigned"}. Change`;
  return (
    // Radix Popover: a click elsewhere or Esc closes it without a change, focus back on the button.
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Trigger asChild>
        <button
          type="button"
          aria-label={label}
          aria-keyshortcuts={slot.key === "commander" ? "Shift+C" : undefined}
          className="rounded-md border border-transparent px-1.5 py-0.5 hover:border-zinc-300 dark:hover:border-zinc-600"
        >
          <HolderText slot={slot} /> <span aria-hidden="true" className="text-xs text-zinc-500">▾</span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          aria-label={`Give the ${slot.name} role`}
          // Esc in the picker with its list open closes only the list (the picker handles it).
          onEscapeKeyDown={(e) => {
            if (e.target instanceof HTMLElement && e.target.getAttribute("aria-expanded") === "true") e.preventDefault();
          }}
          className={`${floatingPanelClass} w-80 space-y-2 p-3`}
        >
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {slot.name}
            {slot.key === "commander" ? (
              <>
                {" "}
                · <Kbd>Shift+C</Kbd>
              </>
            ) : null}
          </p>
          {slot.archived ? (
            <p className="text-sm">This role was removed in Settings: it can only be unassigned.</p>
          ) : (
            <PersonPicker label={`Give ${slot.name} to`} value={draft} onChange={setDraft} onPick={choose} onEnter={choose} autoFocus placeholder="Type a name or email" />
          )}
          <div className="flex flex-wrap gap-2">
            {me && !holderIsMe && !slot.archived ? (
              <button type="button" disabled={busy} onClick={() => void send({ userId: me.id })} className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-600">
                Me ({me.name})
              </button>
            ) : null}
            {slot.holder ? (
              <button type="button" disabled={busy} onClick={() => void send(null)} className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-600">
                Unassign
              </button>
            ) : null}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
