import "server-only";
import type { Actor } from "../auth/actor";
import { openLiveStream } from "../auth/live-access";
import { FrameQueue } from "./frame-queue";

/** A comment frame this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * What every live stream starts with: its lease (counted per session / API
 * key, a 429 over the cap, ended when the right to it goes: a revoked key
 * or session, a deactivated user, a lower role), a heartbeat, the end when
 * the client goes away, and the first frame (reconnect after a second).
 */
export async function openLiveFrames(actor: Actor, signal: AbortSignal): Promise<FrameQueue> {
  const frames = new FrameQueue();
  const lease = await openLiveStream(actor, (reason) => frames.end(reason));
  const heartbeat = setInterval(() => frames.push(": ping\n\n"), HEARTBEAT_MS);
  const abort = () => frames.abort();
  frames.onClose(() => {
    clearInterval(heartbeat);
    signal.removeEventListener("abort", abort);
    lease.release();
  });
  if (signal.aborted) frames.abort();
  else signal.addEventListener("abort", abort, { once: true });
  frames.push("retry: 1000\n: connected\n\n");
  return frames;
}
