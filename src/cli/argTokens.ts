/**
 * The command line's one tokenising rule, for every subcommand: `--name=value`, `--name value`
 * (for options that take a value), short flags, and plain arguments. Each subcommand then reads
 * the tokens with its own switch.
 */

/** An option with its value, or a plain argument (`value` undefined, `arg` the text itself). */
export interface ArgToken {
  arg: string;
  value?: string;
}

/**
 * Splits `argv` into tokens. An option named by `takesValue` takes the next argument when it was
 * not written `--name=value`. Returns a one-line problem when such an option ends the line.
 * @param helpHint what to read next, for the problem message ("see --help").
 */
export function tokenizeArgs(argv: readonly string[], takesValue: (arg: string) => boolean, helpHint = 'see --help'): ArgToken[] | string {
  const tokens: ArgToken[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (value === undefined && takesValue(arg)) {
      if (i + 1 >= argv.length) return `${arg} needs a value (${helpHint}).`;
      value = argv[++i];
    }
    tokens.push(value === undefined ? { arg } : { arg, value });
  }
  return tokens;
}
