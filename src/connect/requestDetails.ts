/**
 * The short multi-step input behind "Request with method, headers or body…": method, headers
 * (one "Name: value" per step, credentials detected and masked), body, Last-Event-ID.
 */
import * as vscode from 'vscode';
import type { SseClientOptions } from '../core/clientOptions';
import { parseHeaderLine } from '../core/headerLine';
import { isSecretHeaderName, maskHeaders } from '../core/secretHeaders';
import { checkStreamUrl } from '../core/sseUrl';
import { parseJsonData } from '../shared/json';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const TITLE = 'SSE Inspector: Request';

export async function askRequestDetails(initialUrl: string): Promise<Partial<SseClientOptions> & { url: string } | undefined> {
  const url = await vscode.window.showInputBox({
    title: `${TITLE} (1/5): URL`,
    value: initialUrl,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const check = checkStreamUrl(text);
      return check.ok ? undefined : check.message;
    },
  });
  if (url === undefined) return undefined;

  const method = await vscode.window.showQuickPick(METHODS, {
    title: `${TITLE} (2/5): method`,
    placeHolder: 'LLM streaming APIs usually take POST with a JSON body',
    ignoreFocusOut: true,
  });
  if (method === undefined) return undefined;

  const headers: Record<string, string> = {};
  const secretHeaders: string[] = [];
  for (;;) {
    const shown = Object.entries(maskHeaders(headers, secretHeaders)).map(([n, v]) => `${n}: ${v}`);
    const line = await vscode.window.showInputBox({
      title: `${TITLE} (3/5): headers${shown.length ? ` (${shown.length} added)` : ''}`,
      prompt: shown.length ? `Added: ${shown.join(' | ')}. Another header, or Enter with nothing to go on.` : 'A header as "Name: value", or Enter with nothing to go on.',
      placeHolder: 'Authorization: Bearer …',
      ignoreFocusOut: true,
      validateInput: (text) => {
        if (text.trim() === '') return undefined;
        const parsed = parseHeaderLine(text);
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (line === undefined) return undefined;
    if (line.trim() === '') break;
    const parsed = parseHeaderLine(line);
    if (!parsed.ok) continue;
    headers[parsed.name] = parsed.value;
    if (isSecretHeaderName(parsed.name)) secretHeaders.push(parsed.name);
  }

  let body: string | undefined;
  if (method !== 'GET') {
    body = await vscode.window.showInputBox({
      title: `${TITLE} (4/5): body`,
      prompt: 'Request body, sent as is (JSON gets Content-Type: application/json unless you set one).',
      value: '{}',
      ignoreFocusOut: true,
    });
    if (body === undefined) return undefined;
    const hasContentType = Object.keys(headers).some((n) => n.toLowerCase() === 'content-type');
    if (!hasContentType && parseJsonData(body).kind === 'tree') headers['Content-Type'] = 'application/json';
  }

  const lastEventId = await vscode.window.showInputBox({
    title: `${TITLE} (5/5): Last-Event-ID`,
    prompt: 'Resume from this event id (sent as Last-Event-ID), or leave empty.',
    ignoreFocusOut: true,
  });
  if (lastEventId === undefined) return undefined;

  const check = checkStreamUrl(url);
  return {
    url: check.ok ? check.url : url,
    method,
    headers,
    secretHeaders,
    body: body === '' ? undefined : body,
    lastEventId: lastEventId === '' ? undefined : lastEventId,
  };
}
