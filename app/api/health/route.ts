// GET /api/health — liveness, which store this instance uses, whether it can be written (503 with the reason when not), and backup status
import { backupHealth } from "@/lib/backup/health";
import { checkStorage } from "@/lib/db/storage-health";
import { databaseUrl, providerOf } from "@/lib/db/url";
import { APP_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = providerOf(databaseUrl());
  const storage = await checkStorage();
  if (!storage.ok) {
    return Response.json(
      { ok: false, db, version: APP_VERSION, error: { code: "storage_unavailable", message: storage.problem, issues: [] } },
      { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } },
    );
  }
  // Backups add `backup` and `warnings` when scheduled; ok stays true.
  const { backup, warnings } = await backupHealth();
  return Response.json({ ok: true, db, version: APP_VERSION, ...(backup ? { backup } : {}), ...(warnings.length ? { warnings } : {}) });
}
