import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { sqliteFile } from "@/lib/db/url";

const root = path.resolve(__dirname, "../..");

/** What a fresh Node process started in another folder makes of a file: URL. */
function resolvedElsewhere(url: string): string {
  const module = pathToFileURL(path.join(root, "lib/db/sqlite-path.mjs")).href;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", `import { sqliteFile } from ${JSON.stringify(module)}; process.stdout.write(sqliteFile(${JSON.stringify(url)}));`], {
    cwd: tmpdir(),
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  return run.stdout;
}

describe("a relative DATABASE_URL", () => {
  it("is taken from the project root, wherever the command was started (the app and scripts/db.mjs share the rule)", () => {
    expect(sqliteFile("file:./data/debrief.db")).toBe(path.join(root, "data", "debrief.db"));
    expect(resolvedElsewhere("file:./data/debrief.db")).toBe(path.join(root, "data", "debrief.db"));
    expect(resolvedElsewhere("file:db/x.db")).toBe(path.join(root, "db", "x.db"));
  });

  it("leaves an absolute path as it is", () => {
    expect(sqliteFile("file:/var/lib/debrief/debrief.db")).toBe("/var/lib/debrief/debrief.db");
    expect(resolvedElsewhere("file:/var/lib/debrief/debrief.db")).toBe("/var/lib/debrief/debrief.db");
  });
});
