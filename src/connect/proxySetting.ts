import * as vscode from 'vscode';
import { chooseProxy } from './proxyChoice';

/** The proxy for `url` from VS Code's `http.proxy` / `http.noProxy` settings and the environment. */
export function proxyFor(url: string): string | undefined {
  const http = vscode.workspace.getConfiguration('http');
  return chooseProxy(url, { configured: http.get<string>('proxy', ''), noProxy: http.get<string[]>('noProxy', []), env: process.env });
}
