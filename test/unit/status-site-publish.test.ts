import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { useTempDatabase } from "../support/db";
import { savePostmortem } from "../support/postmortem";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { createIncident, deleteIncident, getIncidentById, updateIncident } from "@/lib/incidents/service";
import { createTimelineEvent, deleteTimelineEvent, restoreTimelineEvent, updateTimelineEvent } from "@/lib/timeline/service";
import { setPostmortemStatus } from "@/lib/postmortem/service";
import { createActionItem, updateActionItem } from "@/lib/action-items/service";
import { runStatusCommand } from "@/lib/status-site/command";
import { statusSiteConfig } from "@/lib/status-site/config";
import { startStatusPublisher, type StatusPublisher } from "@/lib/status-site/publisher";
import { MARKER_FILE, StatusDirError, writeSiteAtomically } from "@/lib/status-site/write";

// Writing the site safely, running the push command, and rebuilding on
// every kind of public change through the live bus (in this process; the
// production server is covered by test/api/status-site.test.ts).

useTempDatabase();
const actor = LOCAL_ACTOR;
const roots: string[] = [];
const publishers: StatusPublisher[] = [];
afterAll(() => {
  publishers.forEach((p) => p.stop());
  roots.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempRoot(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "debrief-status-publish-"));
  roots.push(dir);
  return dir;
}

async function waitFor(what: string, check: () => boolean, deadlineMs = 20_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

describe("writing the site", () => {
  it("replaces its own folder as a whole and refuses folders that are not its own", async () => {
    const root = tempRoot();
    const dir = path.join(root, "site");
    await writeSiteAtomically(dir, new Map([["index.html", "one"], ["incidents/INC-1.html", "old page"]]), "h1");
    await writeSiteAtomically(dir, new Map([["index.html", "two"]]), "h2");
    expect(read(path.join(dir, "index.html"))).toBe("two");
    expect(existsSync(path.join(dir, "incidents/INC-1.html"))).toBe(false); // nothing stale survives
    expect(JSON.parse(read(path.join(dir, MARKER_FILE)))).toEqual({ generator: "debrief", hash: "h2" });
    expect(readdirSync(root)).toEqual(["site"]); // no temporary folders left behind
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(dir, "index.html")).mode & 0o777).toBe(0o644);

    // An unchanged file keeps its modification time (rsync copies only what changed).
    const page = path.join(dir, "incidents/INC-2.html");
    await writeSiteAtomically(dir, new Map([["index.html", "two"], ["incidents/INC-2.html", "same"]]), "h3");
    const old = new Date("2020-01-02T03:04:05Z");
    utimesSync(page, old, old);
    utimesSync(path.join(dir, "index.html"), old, old);
    await writeSiteAtomically(dir, new Map([["index.html", "three"], ["incidents/INC-2.html", "same"]]), "h4");
    expect(statSync(page).mtime.toISOString()).toBe(old.toISOString());
    expect(statSync(path.join(dir, "index.html")).mtime.getTime()).toBeGreaterThan(old.getTime());
    expect(read(path.join(dir, "index.html"))).toBe("three");

    const foreign = path.join(root, "someone-elses");
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "precious.txt"), "keep me");
    await expect(writeSiteAtomically(foreign, new Map([["index.html", "x"]]), "h")).rejects.toThrow(StatusDirError);
    expect(read(path.join(foreign, "precious.txt"))).toBe("keep me");
    const file = path.join(root, "a-file");
    writeFileSync(file, "not a folder");
    await expect(writeSiteAtomically(file, new Map([["index.html", "x"]]), "h")).rejects.toThrow(/not a folder/);
    await expect(writeSiteAtomically(path.join(root, "site"), new Map([["../escape.html", "x"]]), "h")).rejects.toThrow(/outside/);
    expect(existsSync(path.join(root, "escape.html"))).toBe(false);
    expect(read(path.join(dir, "index.html"))).toBe("three");
  });
});

describe("DEBRIEF_STATUS_COMMAND", () => {
  it("gets the folder as $1 and $DEBRIEF_STATUS_DIR, never pasted into the shell", async () => {
    const root = tempRoot();
    const dir = path.join(root, "odd $(touch pwned) `touch pwned2` name's \"dir\"");
    mkdirSync(dir);
    const out = path.join(root, "out.txt");
    const result = await runStatusCommand(`printf '%s\\n%s\\n%s' "$1" "$DEBRIEF_STATUS_DIR" "\${BETTER_AUTH_SECRET:-withheld}" > '${out}'`, dir, 10_000);
    expect(result).toMatchObject({ ok: true, code: 0, timedOut: false });
    expect(read(out).split("\n")).toEqual([dir, dir, "withheld"]);
    expect(readdirSync(root).filter((n) => n.startsWith("pwned"))).toEqual([]);
  });

  it("reports a failure and a time-out, killing the command's whole process group", async () => {
    const failed = await runStatusCommand("echo nope >&2; exit 3", tempRoot(), 10_000);
    expect(failed).toMatchObject({ ok: false, code: 3, timedOut: false, output: "nope" });
    const root = tempRoot();
    const late = path.join(root, "late");
    const slow = await runStatusCommand(`(sleep 3; touch '${late}') & sleep 30`, root, 1_000);
    expect(slow).toMatchObject({ ok: false, timedOut: true });
    await new Promise((r) => setTimeout(r, 3_500));
    expect(existsSync(late)).toBe(false); // the background child died with the group
  });
});

describe("settings", () => {
  it("reads the status site's variables with limits, naming a bad one", () => {
    expect(statusSiteConfig({})).toEqual({ dir: null, command: null, commandTimeoutMs: 120_000, title: "Status", baseUrl: null });
    expect(
      statusSiteConfig({ DEBRIEF_STATUS_DIR: "/srv/status", DEBRIEF_STATUS_COMMAND_TIMEOUT: "90s", DEBRIEF_STATUS_URL: "https://status.example.com", DEBRIEF_STATUS_TITLE: "Acme" }),
    ).toMatchObject({ dir: "/srv/status", commandTimeoutMs: 90_000, baseUrl: "https://status.example.com/", title: "Acme" });
    expect(() => statusSiteConfig({ DEBRIEF_STATUS_COMMAND_TIMEOUT: "soon" })).toThrow(/DEBRIEF_STATUS_COMMAND_TIMEOUT/);
    expect(() => statusSiteConfig({ DEBRIEF_STATUS_COMMAND_TIMEOUT: "5h" })).toThrow(/DEBRIEF_STATUS_COMMAND_TIMEOUT/);
    expect(() => statusSiteConfig({ DEBRIEF_STATUS_URL: "javascript:alert(1)" })).toThrow(/DEBRIEF_STATUS_URL/);
    expect(() => statusSiteConfig({ DEBRIEF_STATUS_URL: "https://user:pw@status.example.com/" })).toThrow(/DEBRIEF_STATUS_URL/);
  });
});

describe("rebuilding on public changes", () => {
  it("follows every kind of public change within seconds and runs the command after each", async () => {
    const root = tempRoot();
    const dir = path.join(root, "site");
    const pushed = path.join(root, "pushed.json");
    const publisher = startStatusPublisher({
      dir,
      command: `cp "$DEBRIEF_STATUS_DIR/status.json" '${pushed}'`,
      commandTimeoutMs: 10_000,
      title: "Test status",
      baseUrl: null,
    });
    publishers.push(publisher);
    const index = () => read(path.join(dir, "index.html"));
    await waitFor("the first build", () => index().includes("Test status"));

    const inc = await createIncident({ input: { title: "Login failures", severity: "SEV2", services: ["Login"] }, actor });
    const page = () => read(path.join(dir, `incidents/INC-${inc.number}.html`));
    const first = (await createTimelineEvent({ incidentId: inc.id, input: { body: "publish-marker-one", visibility: "public" }, actor })).event;
    await waitFor("a public entry created", () => index().includes("publish-marker-one"));
    await waitFor("the command pushed it", () => read(pushed).includes("publish-marker-one"));

    let e = await updateTimelineEvent({ incidentId: inc.id, eventId: first.id, input: { version: first.version, body: "publish-marker-two" }, actor });
    await waitFor("a public entry edited", () => index().includes("publish-marker-two"));
    e = await updateTimelineEvent({ incidentId: inc.id, eventId: first.id, input: { version: e.version, visibility: "internal" }, actor });
    await waitFor("a public entry made internal", () => !existsSync(path.join(dir, `incidents/INC-${inc.number}.html`)) && !index().includes("publish-marker-two"));
    e = await updateTimelineEvent({ incidentId: inc.id, eventId: first.id, input: { version: e.version, visibility: "public" }, actor });
    await waitFor("an entry made public", () => page().includes("publish-marker-two"));
    await deleteTimelineEvent({ incidentId: inc.id, eventId: first.id, actor });
    await waitFor("a public entry deleted", () => !index().includes("publish-marker-two"));
    await restoreTimelineEvent({ incidentId: inc.id, eventId: first.id, actor });
    await waitFor("a public entry restored", () => index().includes("publish-marker-two"));

    let current = await getIncidentById({ id: inc.id, actor });
    current = await updateIncident({ id: inc.id, input: { version: current.version, title: "Login failures for SSO users", services: ["Login", "SSO"] }, actor });
    await waitFor("title and services changed", () => index().includes("Login failures for SSO users") && index().includes("<span>SSO</span>"));
    current = await updateIncident({ id: inc.id, input: { version: current.version, status: "resolved" }, actor });
    await waitFor("status changed", () => page().includes("<dd>Resolved</dd>"));

    await savePostmortem({ incidentId: inc.id, input: { sections: { summary: "pm-marker-one" } }, actor });
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor });
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "published" }, actor });
    await waitFor("postmortem published", () => page().includes("pm-marker-one"));
    await savePostmortem({ incidentId: inc.id, input: { sections: { summary: "pm-marker-two" } }, actor });
    await waitFor("published postmortem edited", () => page().includes("pm-marker-two"));
    const { item } = await createActionItem({ incidentId: inc.id, input: { title: "action-marker-one" }, actor });
    await waitFor("an action item of a published postmortem added", () => page().includes("action-marker-one"));
    await updateActionItem({ id: item.id, input: { version: item.version, title: "action-marker-two" }, actor });
    await waitFor("its title changed", () => page().includes("action-marker-two") && !page().includes("action-marker-one"));
    await setPostmortemStatus({ incidentId: inc.id, input: { status: "in_review" }, actor });
    await waitFor("postmortem unpublished", () => page() !== "" && !page().includes("pm-marker-two"));

    await deleteIncident({ id: inc.id, actor });
    await waitFor("incident deleted", () => !index().includes("Login failures for SSO users") && !existsSync(path.join(dir, `incidents/INC-${inc.number}.html`)));
    await waitFor("the command pushed the last state", () => read(pushed) !== "" && !read(pushed).includes("Login failures"));
    expect(readdirSync(root).sort()).toEqual(["pushed.json", "site"]);
  });

  it("keeps writing the site when the command fails", async () => {
    const root = tempRoot();
    const dir = path.join(root, "site");
    const publisher = startStatusPublisher({ dir, command: "exit 7", commandTimeoutMs: 5_000, title: "Failing push", baseUrl: null });
    publishers.push(publisher);
    await publisher.rebuild();
    const inc = await createIncident({ input: { title: "Still written", severity: "SEV3" }, actor });
    await createTimelineEvent({ incidentId: inc.id, input: { body: "written-despite-failing-command", visibility: "public" }, actor });
    await waitFor("the site is written", () => read(path.join(dir, "index.html")).includes("written-despite-failing-command"));
  });
});
