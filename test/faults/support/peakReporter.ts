/**
 * Preloaded into a CLI child by the fault suite (`node -r`): at exit, writes the child's own
 * peak resident memory (VmHWM of /proc/self/status) to the file named by SSE_FAULT_PEAK_FILE.
 * Reading it from inside is exact: a parent polling /proc/<pid>/status could miss the last
 * moments, and after exit the entry is gone.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.SSE_FAULT_PEAK_FILE;
if (target) {
  process.on('exit', () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    writeFileSync(target, kib ?? '');
  });
}
