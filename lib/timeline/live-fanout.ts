import type { LiveMessage, LiveSubscription } from "./live-bus";

type Subscriber = { listener: (message: LiveMessage) => void; onGap?: () => void };

/** The viewers of this process, per incident. */
export class LocalFanout {
  private byIncident = new Map<string, Set<Subscriber>>();

  publish(incidentId: string, message: LiveMessage): void {
    for (const s of this.byIncident.get(incidentId) ?? []) {
      try {
        s.listener(message);
      } catch (err) {
        // One broken viewer never keeps a message from the others.
        console.error("[debrief] live listener failed:", err);
      }
    }
  }

  subscribe(incidentId: string, listener: (message: LiveMessage) => void, opts: LiveSubscription = {}): () => void {
    const subscriber: Subscriber = { listener, onGap: opts.onGap };
    let set = this.byIncident.get(incidentId);
    if (!set) this.byIncident.set(incidentId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.byIncident.get(incidentId) === set) this.byIncident.delete(incidentId);
    };
  }

  hasSubscribers(incidentId: string): boolean {
    return (this.byIncident.get(incidentId)?.size ?? 0) > 0;
  }

  /** Tell the viewers of these incidents (all when omitted) that they may have missed messages. */
  gap(incidentIds?: Iterable<string>): void {
    const ids = incidentIds ? [...incidentIds] : [...this.byIncident.keys()];
    for (const id of ids) {
      for (const s of [...(this.byIncident.get(id) ?? [])]) {
        try {
          s.onGap?.();
        } catch (err) {
          console.error("[debrief] live gap handler failed:", err);
        }
      }
    }
  }
}

