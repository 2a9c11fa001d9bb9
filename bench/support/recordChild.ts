/**
 * Child process for bench/merge.ts: runs the `record` command once, as `sse-inspector record`
 * does in its own process, from the arguments it is given, and sends back over IPC how long the
 * command took and the CPU time it used (startup and module loading excluded, as in the
 * benchmark's in-process arms). One command per process, as users run it: run in the
 * benchmark's own process, in turns with the other arms, merging made `record` a third slower
 * (3 December: 3.09 against 4.12 µs of CPU a chunk), against about a tenth in a process that
 * ran one mode only (3.0 against 3.3 µs).
 */
import { parseArgs } from '../../src/cli/args';
import { record } from '../../src/cli/record';

async function main(): Promise<void> {
  const command = parseArgs(process.argv.slice(2));
  if (command.kind !== 'record') throw new Error(`not a record command: ${command.kind}`);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const code = await record(command, (line) => console.error(line));
  const used = process.cpuUsage(cpu);
  process.send?.({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuMicros: used.user + used.system });
  process.disconnect?.();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
