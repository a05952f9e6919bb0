import "server-only";
import { getDb, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound, parseInput } from "../errors";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";
import { changedFields, writeAudit } from "../audit/write";
import { runChange } from "../changes/run-change";
import { requireIncident, staleVersion } from "../changes/guards";
import { toIncidentDto, type IncidentDto } from "../incidents/dto";
import { zPostmortemStatus } from "../incidents/schemas";
import type { Incident } from "../generated/prisma/client";
import { EDITABLE_POSTMORTEM_STATUSES, type PostmortemStatus } from "./document";
import { canStepPostmortem } from "./steps";
import { postmortemStatusAudit } from "./status-audit";
import { toPostmortemDto, type PostmortemDto } from "./dto";
import { loadPostmortemDocument } from "./load-document";
import { importPreview, type ImportPreview } from "./import-preview";
import type { ImportOptions, ImportedPostmortem } from "./markdown/import";
import { saveImportedDocument } from "./save-import";
import { ZExportOptions, ZSetPostmortemStatus, ZUpdateImportedPostmortem, ZUpdatePostmortem } from "./schemas";
import { parseLayout } from "./dto";
import { changesExport, checkPostmortemExports, documentAfterSave } from "./export-check";
import { markdownLimits } from "../workers/limits";
import { runMarkdownTask } from "../workers/pool";

const WITH_ROWS = { impactedServices: true, contributingFactors: true } as const;

function statusOf(incident: Incident): PostmortemStatus {
  const parsed = zPostmortemStatus.safeParse(incident.postmortemStatus);
  return parsed.success ? parsed.data : "draft";
}

async function loadDto(tx: Tx, incident: Incident): Promise<PostmortemDto | null> {
  const row = await tx.postmortem.findUnique({ where: { incidentId: incident.id }, include: WITH_ROWS });
  return row ? toPostmortemDto(row, statusOf(incident)) : null;
}

/** Create the empty postmortem of an incident, starting its summary from the incident's. */
async function createPostmortemInTx(tx: Tx, incident: Incident, actor: Actor): Promise<PostmortemDto> {
  const row = await tx.postmortem.create({ data: { incidentId: incident.id, summary: incident.summary }, include: WITH_ROWS });
  await writeAudit(tx, actor, { incidentId: incident.id, entity: "postmortem", entityId: row.id, action: "create" });
  return toPostmortemDto(row, statusOf(incident));
}

/** The postmortem of an incident; an empty one is created on first read. */
export async function getPostmortem({ incidentId, actor }: { incidentId: string; actor: Actor }): Promise<PostmortemDto> {
  authorize(actor, "incidents.read");
  const db = await getDb();
  const existing = await db.$transaction(async (tx) => loadDto(tx, await requireIncident(tx, incidentId)));
  if (existing) return existing;
  // Materialising the empty postmortem is not an edit, so a viewer's first
  // read may do it too.
  try {
    return await db.$transaction(async (tx) => {
      const incident = await requireIncident(tx, incidentId);
      return (await loadDto(tx, incident)) ?? createPostmortemInTx(tx, incident, actor);
    });
  } catch (err) {
    // Two first reads at once: the loser reads what the winner created.
    if (!isUniqueViolation(err)) throw err;
    const again = await db.$transaction(async (tx) => loadDto(tx, await requireIncident(tx, incidentId)));
    if (!again) throw err;
    return again;
  }
}

/**
 * Save sections and rows with optimistic concurrency: a save made from an
 * older version gets a 409 carrying the current postmortem, never a silent
 * overwrite. Contributing factors keep their ids (action items point at them).
 */
export async function updatePostmortem({ incidentId, input, actor }: { incidentId: string; input: unknown; actor: Actor }) {
  authorize(actor, "postmortem.write");
  // Extra sections may carry a built-in section's name only in an imported postmortem (checked below, with its layout).
  const parsed = parseInput(ZUpdateImportedPostmortem, input);
  const { version, sections, impactedServices, contributingFactors, extraSections, authors } = parsed;
  const db = await getDb();
  // The whole postmortem as it will be must still export: checked in the worker
  // pool before the write transaction (no lock is held while it runs). Read
  // outside a transaction, so a long timeline is read in slices with writes
  // in between; the version check in the write transaction keeps it honest.
  const incident = await requireIncident(db, incidentId);
  const current = await loadDto(db, incident);
  if (current && current.version !== version) throw staleVersion("postmortem", current);
  if (extraSections && !(current && (await hasAuthorLayout(db, current.id)))) parseInput(ZUpdatePostmortem, input);
  const before = await loadPostmortemDocument(db, incident);
  const after = documentAfterSave(before, parsed);
  if (changesExport(before, after)) await checkPostmortemExports(after, actor.id);
  return runChange(actor, async ({ tx, audit, publish }) => {
    const incident = await requireIncident(tx, incidentId);
    const current = (await loadDto(tx, incident)) ?? (await createPostmortemInTx(tx, incident, actor));
    if (current.version !== version) throw staleVersion("postmortem", current);

    const fields: Record<string, string> = { ...(sections ?? {}) };
    if (extraSections) fields.extraSections = JSON.stringify(extraSections);
    if (authors) fields.authors = JSON.stringify(authors);
    const diff = changedFields(
      { ...current.sections, extraSections: JSON.stringify(current.extraSections), authors: JSON.stringify(current.authors) },
      fields,
    );
    const servicesChanged =
      impactedServices !== undefined &&
      JSON.stringify(impactedServices) !== JSON.stringify(current.impactedServices.map(({ service, impact }) => ({ service, impact })));
    const factorsChanged =
      contributingFactors !== undefined &&
      JSON.stringify(contributingFactors) !==
        JSON.stringify(current.contributingFactors.map(({ title, description, category }) => ({ title, description, category })));
    if (!diff.changed && !servicesChanged && !factorsChanged) return current;

    const updated = await tx.postmortem.updateMany({
      where: { id: current.id, version },
      data: { ...diff.after, version: { increment: 1 } },
    });
    if (updated.count === 0) throw staleVersion("postmortem", (await loadDto(tx, incident)) ?? current);
    if (servicesChanged) {
      await tx.impactedService.deleteMany({ where: { postmortemId: current.id } });
      await tx.impactedService.createMany({
        data: impactedServices.map((s, position) => ({ postmortemId: current.id, position, ...s })),
      });
    }
    if (factorsChanged) await replaceFactors(tx, current, contributingFactors);
    const before = { ...diff.before, ...(servicesChanged ? { impactedServices: current.impactedServices } : {}), ...(factorsChanged ? { contributingFactors: current.contributingFactors } : {}) };
    const after = { ...diff.after, ...(servicesChanged ? { impactedServices } : {}), ...(factorsChanged ? { contributingFactors } : {}) };
    await audit({ incidentId, entity: "postmortem", entityId: current.id, action: "update", before, after });
    const saved = await loadDto(tx, incident);
    if (!saved) throw notFound("Postmortem");
    // A published postmortem is on the status site, which rebuilds on this.
    publish(incidentId, { type: "postmortem", incidentId });
    return saved;
  });
}

/** An imported postmortem keeps its author's headings; its export follows them, so any section name is safe. */
async function hasAuthorLayout(tx: Tx, postmortemId: string): Promise<boolean> {
  const row = await tx.postmortem.findUnique({ where: { id: postmortemId }, select: { layout: true } });
  return row ? parseLayout(row.layout).length > 0 : false;
}

type FactorInput = { title: string; description: string; category: string };

/** Update factors by position, so the n-th factor keeps its id (and its action items). */
async function replaceFactors(tx: Tx, current: PostmortemDto, factors: FactorInput[]): Promise<void> {
  const existing = current.contributingFactors;
  for (const [position, factor] of factors.entries()) {
    const same = existing[position];
    if (same) await tx.contributingFactor.update({ where: { id: same.id }, data: { ...factor, position } });
    else await tx.contributingFactor.create({ data: { ...factor, position, postmortemId: current.id } });
  }
  const removed = existing.slice(factors.length).map((f) => f.id);
  if (removed.length) await tx.contributingFactor.deleteMany({ where: { id: { in: removed } } });
}

/** Move the postmortem one step along draft → in review → published (or back). */
export async function setPostmortemStatus({ incidentId, input, actor }: { incidentId: string; input: unknown; actor: Actor }): Promise<IncidentDto> {
  authorize(actor, "postmortem.write");
  const { status } = parseInput(ZSetPostmortemStatus, input);
  return runChange(actor, async ({ tx, audit, publishIncident }) => {
    const row = await requireIncident(tx, incidentId);
    const from = EDITABLE_POSTMORTEM_STATUSES.find((s) => s === row.postmortemStatus);
    if (from === status) return toIncidentDto(row);
    if (!from || !canStepPostmortem(from, status)) {
      throw new AppError("conflict", `A postmortem in status ${row.postmortemStatus} cannot move to ${status}`, {
        issues: [{ path: "status", message: `cannot move from ${row.postmortemStatus} to ${status}` }],
      });
    }
    const saved = await tx.incident.update({
      where: { id: incidentId },
      data: { postmortemStatus: status, version: { increment: 1 } },
    });
    await audit(postmortemStatusAudit(incidentId, "postmortem_status", row.postmortemStatus, status));
    publishIncident(saved);
    return toIncidentDto(saved);
  });
}

/** The postmortem as Markdown, with the file name to save it under. */
export async function exportIncidentMarkdown({ incidentId, query = {}, actor }: { incidentId: string; query?: unknown; actor: Actor }) {
  authorize(actor, "incidents.read");
  const options = parseInput(ZExportOptions, query);
  const db = await getDb();
  // Not in a transaction: a long timeline is read in slices, with timeline writes going on in between.
  const doc = await loadPostmortemDocument(db, await requireIncident(db, incidentId));
  const filename = `${doc.incident.key ?? "incident"}-postmortem${options.template === "sre" ? "-sre" : ""}.md`;
  const markdown = await runMarkdownTask("exportMarkdown", { doc, options }, {
    limitMs: markdownLimits().exportMs,
    owner: actor.id,
    subject: { path: "postmortem", label: "This postmortem" },
  });
  return { filename, markdown };
}

/** Create an incident from a Markdown postmortem. Nothing is written unless all of it is. */
type ImportInput = { text: string; options?: ImportOptions; actor: Actor };

/** Read the Markdown into a document, in the worker pool (export-checked there too); only the writing happens here. */
function readImport(text: string, options: ImportOptions, actor: Actor): Promise<ImportedPostmortem> {
  return runMarkdownTask("importMarkdown", { text, options }, {
    limitMs: markdownLimits().importMs,
    owner: actor.id,
    subject: { path: "(body)", label: "The Markdown" },
  });
}

/** What an import would create, without writing anything (the import page's preview; ?dryRun=1). */
export async function previewMarkdownImport({ text, options = {}, actor }: ImportInput): Promise<ImportPreview> {
  authorize(actor, "incidents.write");
  return importPreview(await readImport(text, options, actor));
}

export async function importMarkdownPostmortem({ text, options = {}, actor }: ImportInput): Promise<IncidentDto> {
  authorize(actor, "incidents.write");
  const doc = await readImport(text, options, actor);
  for (let attempt = 0; ; attempt++) {
    try {
      return await runChange(
        actor,
        async ({ tx, publishIncident }) => {
          const incident = await saveImportedDocument(tx, doc, actor);
          // Open incident lists show it at once.
          publishIncident(incident);
          return toIncidentDto(incident);
        },
        { timeout: 60_000 },
      );
    } catch (err) {
      // Another instance took the same number meanwhile: try the next one.
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}
