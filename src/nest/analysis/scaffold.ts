/**
 * "New SSE Controller…" as a pure plan: the files to write for a name and variant, and the
 * classes to register in the nearest module. The command adds the questions and the file
 * system; the proof test writes the same files into a real NestJS app.
 */
import type { ModuleEntry } from './moduleRegistration';
import { toCamelCase, toKebabCase, toPascalCase } from './names';
import { broadcastControllerFile, broadcastServiceFile, intervalControllerFile, type FileOptions } from './templates';

/** `interval`: a resumable ticking stream. `broadcast`: a service with a Subject and `emit`. */
export type ControllerVariant = 'interval' | 'broadcast';

/** A file to create, named relative to the chosen folder. */
export interface PlannedFile {
  fileName: string;
  content: string;
  /** The class it exports. */
  className: string;
  kind: ModuleEntry['kind'];
}

/**
 * The files for controller `name` (already validated with `validateControllerName`): the
 * controller first (the file to open), then the service for the broadcast variant.
 */
export function planControllerFiles(name: string, variant: ControllerVariant, importSuffix = ''): PlannedFile[] {
  const options: FileOptions = {
    kebabName: toKebabCase(name),
    pascalName: toPascalCase(name),
    camelName: toCamelCase(name),
    importSuffix,
  };
  const controller: PlannedFile = {
    fileName: `${options.kebabName}.controller.ts`,
    className: `${options.pascalName}Controller`,
    kind: 'controllers',
    content: variant === 'broadcast' ? broadcastControllerFile(options) : intervalControllerFile(options),
  };
  if (variant === 'interval') return [controller];
  return [
    controller,
    {
      fileName: `${options.kebabName}.service.ts`,
      className: `${options.pascalName}Service`,
      kind: 'providers',
      content: broadcastServiceFile(options),
    },
  ];
}

/**
 * The module specifier for `target` as imported from `fromDir` (both POSIX paths):
 * `relativeSpecifier('/p/src', '/p/src/news/news.controller.ts', '.js')` is
 * `./news/news.controller.js`.
 */
export function relativeSpecifier(fromDir: string, target: string, suffix = ''): string {
  const from = fromDir.split('/').filter(Boolean);
  const to = target.replace(/\.ts$/, '').split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return (up === 0 ? './' : '../'.repeat(up)) + rest + suffix;
}

/**
 * Which module file of a folder to register in: `<folder>.module.ts` (Nest CLI layout), else
 * `app.module.ts`, else the first `*.module.ts` by name; undefined when there is none.
 */
export function pickModuleFile(folderName: string, fileNames: readonly string[]): string | undefined {
  const modules = fileNames.filter((name) => name.endsWith('.module.ts')).sort();
  return modules.find((name) => name === `${folderName}.module.ts`) ?? modules.find((name) => name === 'app.module.ts') ?? modules[0];
}
