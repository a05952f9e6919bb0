import { z } from "zod";

/**
 * What the browser holds of an action item (see lib/wire.ts): server
 * components go through toWire, client code parses API answers with it.
 */
export const zActionItemJson = z.object({
  id: z.string(),
  incidentId: z.string(),
  incident: z.object({ number: z.number(), key: z.string(), severity: z.string(), title: z.string() }),
  title: z.string(),
  description: z.string(),
  owner: z.string().nullable(),
  ownerId: z.string().nullable(),
  dueDate: z.string().nullable(),
  priority: z.string(),
  type: z.string(),
  status: z.string(),
  wontDoReason: z.string().nullable(),
  externalUrl: z.string().nullable(),
  timelineEventId: z.string().nullable(),
  contributingFactorId: z.string().nullable(),
  contributingFactorTitle: z.string().nullable(),
  overdue: z.boolean(),
  ageDays: z.number(),
  version: z.number(),
});
export type ActionItemJson = z.infer<typeof zActionItemJson>;

/** An open item that holds the postmortem open (the `blocking` detail of a refused completion). */
export const zBlockingItemJson = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  owner: z.string().nullable(),
  dueDate: z.string().nullable(),
});
export type BlockingItemJson = z.infer<typeof zBlockingItemJson>;

/** Open and overdue counts of one incident's items. */
export const zActionItemCountsJson = z.object({ open: z.number().int().min(0), overdue: z.number().int().min(0) });
export type ActionItemCountsJson = z.infer<typeof zActionItemCountsJson>;
