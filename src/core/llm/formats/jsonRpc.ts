/**
 * JSON-RPC 2.0 streams (MCP Streamable HTTP): no merged text, but every message classified as a
 * request, result, error or notification, and requests paired with their answers by id.
 */
import type { MergedRpcMessage } from '../../../shared/records';
import { asObject, type FormatReader, type MessageBuilder } from '../builder';

export class JsonRpcReader implements FormatReader {
  readonly messages: MergedRpcMessage[] = [];
  /** Requests waiting for their answer, by id. */
  private readonly pending = new Map<string, MergedRpcMessage>();
  /** Answers that came before their request (the request was sent on another connection). */
  private readonly answers = new Map<string, MergedRpcMessage>();

  read(b: MessageBuilder, json: unknown, _type: string, seq: number): void {
    const batch = Array.isArray(json) ? json : [json];
    for (const item of batch) {
      const msg = asObject(item);
      if (!msg || msg.jsonrpc !== '2.0') {
        b.gap(seq);
        continue;
      }
      const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : undefined;
      const method = typeof msg.method === 'string' ? msg.method : undefined;
      const kind: MergedRpcMessage['kind'] =
        method !== undefined ? (id !== undefined ? 'request' : 'notification') : msg.error !== undefined ? 'error' : 'result';
      const entry: MergedRpcMessage = { seq, kind, ...(id !== undefined ? { id } : {}), ...(method ? { method } : {}) };
      this.messages.push(entry);
      if (kind === 'error') b.setError(msg.error, seq);
      if (id === undefined) continue;
      const key = JSON.stringify(id);
      if (kind === 'request') {
        const answer = this.answers.get(key);
        if (answer) this.pair(entry, answer, key);
        else this.pending.set(key, entry);
      } else if (kind === 'result' || kind === 'error') {
        const request = this.pending.get(key);
        if (request) this.pair(request, entry, key);
        else this.answers.set(key, entry);
      }
    }
  }

  private pair(request: MergedRpcMessage, answer: MergedRpcMessage, key: string): void {
    request.pairedSeq = answer.seq;
    answer.pairedSeq = request.seq;
    if (answer.method === undefined && request.method !== undefined) answer.method = request.method;
    this.pending.delete(key);
    this.answers.delete(key);
  }
}
