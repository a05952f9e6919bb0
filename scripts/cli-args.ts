/** `--name value` pairs after a sub-command, for the small admin CLIs. */
export function parseFlags(argv: string[]): { command: string | undefined; flags: Record<string, string> } {
  const [command, ...rest] = argv;
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`unexpected argument: ${arg}`);
    const value = match[2] ?? rest[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    flags[match[1]] = value;
  }
  return { command, flags };
}

/** Run a CLI main, printing AppError-style messages without a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const issues = (err as { issues?: { path: string; message: string }[] }).issues;
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      for (const i of issues ?? []) console.error(`  ${i.path}: ${i.message}`);
      process.exit(1);
    },
  );
}
