// GET /api/health — liveness and which store this instance uses
import { getDb } from "@/lib/db/client";
import { storageUnavailableReason } from "@/lib/db/errors";
import { databaseUrl, providerOf } from "@/lib/db/url";
import { APP_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = providerOf(databaseUrl());
  try {
    const client = await getDb();
    await client.$queryRawUnsafe("SELECT 1");
    return Response.json({ ok: true, db, version: APP_VERSION });
  } catch (err) {
    console.error("[debrief] health check failed:", err);
    // The kind of outage, never the driver's words (they name hosts and ports).
    const reason = storageUnavailableReason(err) ?? "the database check failed";
    return Response.json({ ok: false, db, version: APP_VERSION, reason }, { status: 503 });
  }
}
