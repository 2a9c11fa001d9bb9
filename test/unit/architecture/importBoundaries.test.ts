/**
 * The folder rules in eslint.config.mjs are what keep the layout honest, so each one is proved to
 * bite here: ESLint lints a one-line file placed (virtually) in each folder, with an import that
 * folder may make and one it may not.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..', '..');

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<{ file: string; allowed: string[]; refused: string[] }> = [
  {
    file: 'src/shared/example.ts',
    allowed: ["./records"],
    refused: ["vscode", "../core/sseClient", "../webview/store", "../panel/eventLog", "node:fs"],
  },
  {
    file: 'src/core/example.ts',
    allowed: ["./records", "../shared/records", "./checks/parse"],
    refused: ["vscode", "../webview/store", "../panel/eventLog", "../connect/pickUrl", "../nest/analysis/tsMask", "../extension", "../settings", "../checks/index", "../replay/replayServers"],
  },
  {
    file: 'src/nest/analysis/example.ts',
    allowed: ["./tsMask", "../../shared/records"],
    refused: ["vscode", "../sseRouteCodeLens", "../../core/sseClient", "../../panel/eventLog"],
  },
  {
    file: 'src/httpFiles/analysis/example.ts',
    allowed: ["./httpFileParser", "../../shared/records", "dotenv", "node:path"],
    refused: ["vscode", "../inspectHttpRequest", "../../core/sseClient", "../../panel/eventLog", "../../webview/store"],
  },
  {
    file: 'src/httpFiles/example.ts',
    allowed: ["vscode", "./analysis/httpFileParser", "../core/curl"],
    refused: ["../webview/store"],
  },
  {
    file: 'src/webview/example.ts',
    allowed: ["./store", "../shared/protocol"],
    refused: ["vscode", "../core/sseClient", "../panel/eventLog", "../extension", "node:path"],
  },
  {
    file: 'src/webview/message/example.ts',
    allowed: ["./pieces", "../dom", "../../shared/protocol"],
    refused: ["vscode", "../../core/llm/merger", "../../panel/eventLog", "node:path"],
  },
  {
    file: 'src/webview/wire/example.ts',
    allowed: ["./wirePanel", "../dom", "../../shared/records"],
    refused: ["vscode", "../../core/sseClient", "../../panel/eventLog", "../../extension", "node:path"],
  },
  {
    file: 'src/panel/example.ts',
    allowed: ["vscode", "../core/sseClient", "../shared/protocol"],
    refused: ["../webview/store"],
  },
  {
    file: 'src/recordings/example.ts',
    allowed: ["../shared/filter"],
    refused: ["../webview/store"],
  },
  {
    file: 'src/capture/example.ts',
    allowed: ["vscode", "../core/capture/captureProxy", "../panel/panelManager"],
    refused: ["../webview/store"],
  },
  {
    file: 'src/checks/example.ts',
    allowed: ["vscode", "../core/checks/runner", "../panel/panelManager"],
    refused: ["../webview/store"],
  },
  {
    file: 'src/core/checks/example.ts',
    allowed: ["./parse", "../sseClient", "../../shared/records", "../checks/parse"],
    refused: ["vscode", "../../checks/checkRun", "../../panel/eventLog"],
  },
  {
    file: 'src/cli/example.ts',
    allowed: ["../core/sseClient", "../core/capture/captureProxy", "../nest/analysis/scaffold", "../core/replay/replayServer"],
    refused: ["vscode", "../panel/eventLog", "../nest/sseRouteCodeLens", "../webview/store", "../checks/checkRun", "../replay/replayServers"],
  },
  {
    file: 'src/core/replay/example.ts',
    allowed: ["./wirePlan", "../ndjson", "../../shared/records"],
    refused: ["vscode", "../../replay/replayServers", "../../panel/eventLog", "../../webview/store"],
  },
  {
    file: 'src/replay/example.ts',
    allowed: ["vscode", "../core/replay/replayServer", "../panel/panelManager"],
    refused: ["../webview/store"],
  },
];

describe('architecture: folder import rules', function () {
  this.timeout(60_000);
  for (const { file, allowed, refused } of cases) {
    for (const spec of allowed) {
      it(`${file} may import ${spec}`, async () => {
        assert.deepEqual(await restrictedImports(file, `import '${spec}';\n`), []);
      });
    }
    for (const spec of refused) {
      it(`${file} may not import ${spec}`, async () => {
        const messages = await restrictedImports(file, `import '${spec}';\n`);
        assert.equal(messages.length, 1, `expected one restricted-import error, got ${JSON.stringify(messages)}`);
      });
    }
  }
});
