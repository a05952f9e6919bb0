/**
 * The frames of one live stream, in order, as an async iterable: producers
 * (the bus, the heartbeat, the catch-up) push, the HTTP response pulls.
 * Ending it runs its close handlers at once (unsubscribe, stop the
 * heartbeat, release the stream's lease) while what is already queued is
 * still delivered; a client that goes away drops the rest.
 */
export class FrameQueue implements AsyncIterable<string> {
  private frames: string[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private closed = false;
  private handlers: (() => void)[] = [];

  /** Queue a frame (ignored once the stream has ended). */
  push(frame: string): void {
    if (this.ended) return;
    this.frames.push(frame);
    this.notify();
  }

  /** Run `handler` when the stream ends (at once if it has). */
  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.handlers.push(handler);
  }

  /** End the stream with a last comment saying why; the client reconnects (or gets a 4xx) by itself. */
  end(reason: string): void {
    this.push(`: closed: ${reason}\n\n`);
    this.finish();
  }

  /** The client went away: nothing more is sent. */
  abort(): void {
    this.frames = [];
    this.finish();
  }

  private finish(): void {
    this.ended = true;
    if (!this.closed) {
      this.closed = true;
      for (const handler of this.handlers.splice(0)) {
        try {
          handler();
        } catch (err) {
          console.error("[debrief] closing a live stream failed:", err);
        }
      }
    }
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<string, undefined> {
    return {
      next: async () => {
        for (;;) {
          const frame = this.frames.shift();
          if (frame !== undefined) return { value: frame, done: false };
          if (this.ended) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      },
      return: async () => {
        this.abort();
        return { value: undefined, done: true };
      },
    };
  }
}
