// DEBRIEF_BACKUP_COMMAND split into argv the way a POSIX shell splits words
// (spaces; '…' literal; "…" with \" and \\; \ outside quotes), but nothing
// else of a shell: no variables, globs, pipes or redirections, and the
// program is run directly. The backup's path is never spliced into a
// string: it replaces an argument that is exactly {file}, or is added as
// the last argument, and is also in DEBRIEF_BACKUP_FILE. Someone who wants
// a shell writes one explicitly: sh -c 'rclone copy "$DEBRIEF_BACKUP_FILE" remote:'.
// (Written by hand: shell-quote and similar packages are not installed, and
// this is the small, strict subset needed.)

export const FILE_PLACEHOLDER = "{file}";

export function parseCommandLine(text: string): string[] {
  const args: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) current += text[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\") {
      if (i + 1 >= text.length) throw new Error("ends with a lone backslash");
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (inWord) args.push(current);
  if (args.length === 0) throw new Error("is empty");
  if (args.length > 200) throw new Error("has more than 200 arguments");
  return args;
}

/** argv for one run: {file} replaced, or the file added last. */
export function commandFor(argv: string[], file: string): string[] {
  return argv.includes(FILE_PLACEHOLDER) ? argv.map((a) => (a === FILE_PLACEHOLDER ? file : a)) : [...argv, file];
}
