import { readFileSync } from "node:fs";
import path from "node:path";

/** A chat log as an app puts it on the clipboard (test/fixtures/chat-logs/<name>). */
export function chatLogFixture(name: string): string {
  return readFileSync(path.join(__dirname, "../fixtures/chat-logs", name), "utf8");
}
