// GET /api/v1/backups — scheduled backups: settings, last and next run, files kept (admin)
// POST /api/v1/backups — start a backup now, in the background (admin); 409 when off or already running
import { apiRoute } from "@/lib/api/route";
import { getBackupOverview, startBackupNow } from "@/lib/backup/overview";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/backups", async (_req, { actor }) => {
  return Response.json(await getBackupOverview({ actor }));
});

export const POST = apiRoute("POST /api/v1/backups", async (_req, { actor }) => {
  return Response.json(startBackupNow({ actor }), { status: 202 });
});
