/** bench:live's command line. */
import { waitsForQuiet } from '../support/waitQuiet';

// ---------------------------------------------------------------------------------------------
// Options

export interface Options {
  rate: number;
  seconds: number;
  latencyRate: number;
  latencySeconds: number;
  keep: boolean;
  /** Attach the inspector to the extension host: heap figures and a forced GC at log-full and at the end (default; --no-heap). */
  heap: boolean;
  /** CPU-profile the workbench renderer during the load and print the hot functions. */
  profile: boolean;
  /** A child process busy on one core for the whole run (a busy developer machine). */
  hog: boolean;
  /** Stream an OpenAI chat answer instead and time each chunk's text into the Message view (bench/live/llm.ts). */
  llm: boolean;
  /** Wait for the load average to fall under 1 before starting (default; --no-wait). */
  waitQuiet: boolean;
  /** Count the workbench page's WebSocket frames and bytes during the load (bench/live/socketProbe.ts). */
  sockets: boolean;
  /**
   * Serve the webview from the workbench's own origin, as code-server does (--same-origin). By
   * default it gets an origin of its own, as in VS Code desktop and vscode.dev, and so a renderer
   * process of its own (test/ui/support/webviewOrigin.ts).
   */
  sameOrigin: boolean;
}

/** What the report says of where the webview ran. */
export function describeWebviewOrigin(options: Options): string {
  return options.sameOrigin
    ? "the workbench's origin, as code-server serves it: a same-process iframe of the workbench page (--same-origin)"
    : 'an origin of its own, as VS Code desktop and vscode.dev serve it: its own renderer process (--same-origin for code-server\'s way)';
}

export function parseOptions(argv: readonly string[]): Options {
  const number = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number, got "${argv[at + 1]}"`);
    return value;
  };
  const llm = argv.includes('--llm');
  return {
    rate: number('rate', llm ? 200 : 20_000),
    seconds: number('seconds', llm ? 20 : 30),
    latencyRate: number('latency-rate', 10),
    latencySeconds: number('latency-seconds', 15),
    keep: argv.includes('--keep'),
    heap: !argv.includes('--no-heap'),
    profile: argv.includes('--profile'),
    hog: argv.includes('--hog'),
    llm,
    waitQuiet: waitsForQuiet(argv),
    sockets: argv.includes('--sockets'),
    sameOrigin: argv.includes('--same-origin'),
  };
}
