import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { createTempDatabase } from "../support/temp-db";
import { savePostmortem } from "../support/postmortem";
import { migrate, pendingSchemaSql } from "../../scripts/db.mjs";
import { closeDb } from "@/lib/db/client";
import { sqliteFile } from "@/lib/db/url";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { createIncident, deleteIncident } from "@/lib/incidents/service";
import { createTimelineEvent, deleteTimelineEvent } from "@/lib/timeline/service";
import { createActionItem } from "@/lib/action-items/service";
import { searchEverything } from "@/lib/search/service";

const actor = LOCAL_ACTOR;
const dirs: string[] = [];
afterAll(async () => {
  await closeDb();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freshDatabase() {
  const db = await createTempDatabase();
  dirs.push(db.dir);
  return db;
}

// Each source table needs all three: a row added, changed or removed must reach the index.
const SOURCE_TABLES = ["Incident", "TimelineEvent", "Postmortem", "ImpactedService", "ContributingFactor", "ActionItem"];

describe("search index schema", () => {
  it("has insert, update and delete triggers on every source table after all migrations", async () => {
    const { url } = await freshDatabase();
    const db = new Database(sqliteFile(url), { readonly: true });
    try {
      const triggers = db.prepare(`SELECT tbl_name AS tbl, sql FROM sqlite_schema WHERE type = 'trigger'`).all() as { tbl: string; sql: string }[];
      for (const table of SOURCE_TABLES) {
        for (const event of ["INSERT", "UPDATE", "DELETE"]) {
          const found = triggers.some((t) => t.tbl === table && new RegExp(`AFTER ${event}\\b`).test(t.sql) && /search_doc/.test(t.sql));
          // A migration that redefined this table (DROP + RENAME) dropped its
          // triggers: copy them from prisma/migrations/*_search_index into it.
          expect(found, `${table}: no AFTER ${event} trigger writing search_doc`).toBe(true);
        }
      }
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'search_fts' AND sql LIKE '%fts5%'`).pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it("is invisible to the schema check, which still agrees with schema.prisma", async () => {
    expect(await pendingSchemaSql()).toBe("");
  });

  it("indexes what was there before the search migration (backfill), leaving deleted records out", async () => {
    const { url } = await freshDatabase();
    // Take the search migration back out, so that the rows below are written with no index at all.
    const raw = new Database(sqliteFile(url));
    const searchMigration = raw.prepare(`SELECT migration_name FROM _prisma_migrations WHERE migration_name LIKE '%_search_index'`).pluck().get();
    expect(searchMigration).toBeTruthy();
    for (const name of raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search_%'`).pluck().all() as string[]) {
      raw.exec(`DROP TRIGGER "${name}"`);
    }
    raw.exec(`DROP VIEW search_source; DROP TABLE search_fts; DROP TABLE search_doc;`);
    raw.prepare(`DELETE FROM _prisma_migrations WHERE migration_name = ?`).run(searchMigration);
    raw.close();

    process.env.DATABASE_URL = url;
    const inc = await createIncident({ input: { title: "Backfill qxoldtitleqx", severity: "SEV2" }, actor });
    const { event } = await createTimelineEvent({ incidentId: inc.id, input: { body: "qxoldentryqx seen" }, actor });
    const { event: gone } = await createTimelineEvent({ incidentId: inc.id, input: { body: "qxoldentryqx deleted" }, actor });
    await deleteTimelineEvent({ incidentId: inc.id, eventId: gone.id, actor });
    const pm = await savePostmortem({ incidentId: inc.id, input: { sections: { rootCause: "qxoldrootqx" }, contributingFactors: [{ title: "qxoldfactorqx", description: "", category: "people" }] }, actor });
    const { item } = await createActionItem({ incidentId: inc.id, input: { title: "qxolditemqx" }, actor });
    const deleted = await createIncident({ input: { title: "Deleted qxoldtitleqx", severity: "SEV2" }, actor });
    await deleteIncident({ id: deleted.id, actor });
    await closeDb();

    expect(await migrate(url)).toEqual([searchMigration]);
    const ids = async (q: string) => (await searchEverything({ query: { q }, actor })).results.map((r) => r.id);
    expect(await ids("qxoldtitleqx")).toEqual([inc.id]);
    expect(await ids("qxoldentryqx")).toEqual([event.id]);
    expect(await ids("qxoldrootqx")).toEqual([pm.id]);
    expect(await ids("qxoldfactorqx")).toHaveLength(1);
    expect(await ids("qxolditemqx")).toEqual([item.id]);
    await closeDb();
  });
});
