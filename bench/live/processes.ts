/** The processes of the run (code-server, extension host, renderers) and their CPU and memory, from /proc. */
import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

// ---------------------------------------------------------------------------------------------
// Processes: the extension host under code-server, read from /proc

export interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(name), ppid: Number(fields[1]), cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Descendants of `root` whose command line names the extension host (VS Code forks it with --type=extensionHost). */
export function findExtensionHosts(root: number): ProcInfo[] {
  const all = listProcesses();
  const below = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid) && /extensionHost/.test(p.cmdline));
}

/** The extension host of the one window under code-server `root` (if there were more, the newest is this window's). */
export function windowExtensionHost(root: number): ProcInfo {
  const hosts = findExtensionHosts(root);
  if (hosts.length === 0) throw new Error(`no process with "extensionHost" in its command line under code-server (pid ${root})`);
  return hosts.sort((a, b) => b.pid - a.pid)[0];
}

export function rssKiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of a process, in clock ticks (100 per second on Linux). */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** CPU ticks of every visible process, and the machine's busy/total ticks from /proc/stat. */
export interface CpuSnapshot {
  at: number;
  procs: Map<number, { ticks: number; ppid: number; cmdline: string }>;
  machineBusy: number;
  machineTotal: number;
}

export function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, { ticks: number; ppid: number; cmdline: string }>();
  for (const p of listProcesses()) {
    const ticks = cpuTicks(p.pid);
    if (ticks !== undefined) procs.set(p.pid, { ticks, ppid: p.ppid, cmdline: p.cmdline });
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { at: Date.now(), procs, machineBusy: total - idle, machineTotal: total };
}

/**
 * Where the CPU went between two snapshots, in % of one core: the machine as a whole (every
 * process the kernel runs, other people's included), and this run's parts.
 */
export function cpuBreakdown(before: CpuSnapshot, after: CpuSnapshot, roles: { extHost: number; codeServer: number; loadServer: number }): Array<[string, number]> {
  const seconds = (after.at - before.at) / 1000;
  const percent = (ticks: number) => (ticks / 100 / seconds) * 100;
  const used = (pid: number) => {
    const a = after.procs.get(pid);
    if (!a) return 0;
    return a.ticks - (before.procs.get(pid)?.ticks ?? 0);
  };
  const descendants = (root: number): number[] => {
    const out = new Set<number>([root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, p] of after.procs) {
        if (!out.has(pid) && out.has(p.ppid)) {
          out.add(pid);
          grew = true;
        }
      }
    }
    return [...out];
  };
  const serverTree = descendants(roles.codeServer).filter((pid) => pid !== roles.extHost);
  const chromiumPids = [...after.procs.entries()].filter(([, p]) => /chromium/.test(p.cmdline)).map(([pid]) => pid);
  const renderer = chromiumPids.filter((pid) => /--type=renderer/.test(after.procs.get(pid)?.cmdline ?? ''));
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + used(pid), 0);
  const machineCores = cpus().length;
  const machine = ((after.machineBusy - before.machineBusy) / (after.machineTotal - before.machineTotal)) * 100 * machineCores;
  return [
    [`machine, all processes (of ${machineCores * 100} %)`, machine],
    ['extension host', percent(used(roles.extHost))],
    ['code-server, other processes', percent(sum(serverTree))],
    ['Chromium renderers (workbench + webview)', percent(sum(renderer))],
    ['Chromium, other processes', percent(sum(chromiumPids.filter((pid) => !renderer.includes(pid))))],
    ['load server', percent(used(roles.loadServer))],
    ['this bench', percent(used(process.pid))],
  ];
}
