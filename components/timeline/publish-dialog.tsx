"use client";

import type { EventJson } from "@/lib/timeline/wire";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";

/** Asks before an internal entry goes public: the status page is pushed within seconds. */
export function PublishDialog({ event, onConfirm, onClose }: { event: EventJson | null; onConfirm: (event: EventJson) => void; onClose: () => void }) {
  return (
    <Dialog open={event !== null} onClose={onClose} title="Make this entry public?">
      <p className="mb-2">It will appear on the public status page within seconds, without its author:</p>
      <blockquote className="mb-4 border-l-4 border-violet-600 pl-3 break-words whitespace-pre-wrap">{event?.body}</blockquote>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" data-autofocus onClick={() => event && onConfirm(event)}>
          Make public <Kbd>Enter</Kbd>
        </Button>
        <Button onClick={onClose}>
          Keep internal <Kbd>Esc</Kbd>
        </Button>
      </div>
    </Dialog>
  );
}
