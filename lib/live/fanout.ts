import type { LiveMessage, LiveSubscription } from "./bus";

type Subscriber = { listener: (message: LiveMessage) => void; onGap?: () => void };
type AllListener = (incidentId: string, message: LiveMessage) => void;

/** The viewers of this process, per incident. */
export class LocalFanout {
  private byIncident = new Map<string, Set<Subscriber>>();
  private all = new Map<AllListener, LiveSubscription>();

  publish(incidentId: string, message: LiveMessage): void {
    for (const s of this.byIncident.get(incidentId) ?? []) {
      try {
        s.listener(message);
      } catch (err) {
        // One broken viewer never keeps a message from the others.
        console.error("[debrief] live listener failed:", err);
      }
    }
    for (const listener of this.all.keys()) {
      try {
        listener(incidentId, message);
      } catch (err) {
        console.error("[debrief] live listener failed:", err);
      }
    }
  }

  /** Every incident's messages (process-wide work such as the status site). */
  subscribeAll(listener: AllListener, opts: LiveSubscription = {}): () => void {
    this.all.set(listener, opts);
    return () => this.all.delete(listener);
  }

  /** Whether anyone in this process listens at all. */
  listening(): boolean {
    return this.all.size > 0 || this.byIncident.size > 0;
  }

  /** Whether someone in this process wants this incident's messages. */
  wants(incidentId: string): boolean {
    return this.all.size > 0 || this.hasSubscribers(incidentId);
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
    for (const opts of [...this.all.values()]) {
      try {
        opts.onGap?.();
      } catch (err) {
        console.error("[debrief] live gap handler failed:", err);
      }
    }
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

