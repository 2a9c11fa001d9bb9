// System packages the test host needs but npm cannot provide. Checked up front so that a missing
// one is reported as one clear sentence with the apt command, instead of a node-gyp stack trace
// three minutes into an install or a Playwright "executable doesn't exist" error.
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './paths';

/** A file that a Debian package provides, and why we need it. */
interface SystemRequirement {
  readonly aptPackage: string;
  /** Any one of these files present means the package (or an equivalent) is installed. */
  readonly files: readonly string[];
  readonly why: string;
}

/** Debian's chromium: the browser that Playwright drives (no browser download is possible here). */
export const CHROMIUM: SystemRequirement = {
  aptPackage: 'chromium',
  files: [CHROMIUM_PATH],
  why: `the browser for the workbench and UI tests (${CHROMIUM_PATH})`,
};

/** Kerberos headers: code-server's `kerberos` native module builds from source (its prebuilt download fails offline). */
export const KRB5_HEADERS: SystemRequirement = {
  aptPackage: 'libkrb5-dev',
  files: ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'],
  why: "headers to build code-server's kerberos module",
};

/** A C++ toolchain for the ~10 native modules code-server builds with node-gyp. */
export const BUILD_TOOLS: readonly SystemRequirement[] = [
  { aptPackage: 'g++', files: ['/usr/bin/g++'], why: 'node-gyp builds of code-server native modules' },
  { aptPackage: 'make', files: ['/usr/bin/make'], why: 'node-gyp builds of code-server native modules' },
];

/** Thrown when the machine lacks something only the user (or .ci/run) can install. */
export class MissingSystemPackagesError extends Error {
  constructor(readonly missing: readonly SystemRequirement[]) {
    const packages = missing.map((r) => r.aptPackage).join(' ');
    super(
      [
        'Missing system packages for the VS Code test host:',
        ...missing.map((r) => `  - ${r.aptPackage}: ${r.why}`),
        `Install them with:  apt-get update && apt-get install -y ${packages}   (use sudo when not root)`,
      ].join('\n'),
    );
    this.name = 'MissingSystemPackagesError';
  }
}

/** Throws MissingSystemPackagesError naming every requirement in `needed` that is absent. */
export function assertSystemPackages(needed: readonly SystemRequirement[]): void {
  const missing = needed.filter((r) => !r.files.some((file) => existsSync(file)));
  if (missing.length > 0) throw new MissingSystemPackagesError(missing);
}
