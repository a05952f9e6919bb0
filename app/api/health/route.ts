// GET /api/health — liveness and which store this instance uses
import { backupHealth } from "@/lib/backup/health";
import { getDb } from "@/lib/db/client";
import { databaseUrl, providerOf } from "@/lib/db/url";
import { APP_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = providerOf(databaseUrl());
  try {
    const client = await getDb();
    await client.$queryRawUnsafe("SELECT 1");
    // Backups add `backup` and `warnings` when scheduled; ok stays true.
    const { backup, warnings } = await backupHealth();
    return Response.json({ ok: true, db, version: APP_VERSION, ...(backup ? { backup } : {}), ...(warnings.length ? { warnings } : {}) });
  } catch (err) {
    console.error("[debrief] health check failed:", err);
    return Response.json({ ok: false, db, version: APP_VERSION }, { status: 503 });
  }
}
