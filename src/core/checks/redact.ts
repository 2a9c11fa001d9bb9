/**
 * Secret values (from `${env:NAME}`) masked in the records a check keeps: URLs, request and
 * response headers and messages. Event data is the server's and is left as it came.
 */
import type { StreamRecord } from '../../shared/records';
import { maskSecrets } from './variables';

function maskHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskSecrets(value, secrets)]));
}

/** A copy of `record` without any of `secrets` in the fields a request can put them in. */
export function maskRecord(record: StreamRecord, secrets: readonly string[]): StreamRecord {
  if (secrets.length === 0) return record;
  switch (record.kind) {
    case 'connecting':
      return { ...record, url: maskSecrets(record.url, secrets), requestHeaders: maskHeaders(record.requestHeaders, secrets), ...(record.lastEventId !== undefined ? { lastEventId: maskSecrets(record.lastEventId, secrets) } : {}) };
    case 'open':
      return { ...record, url: maskSecrets(record.url, secrets), headers: maskHeaders(record.headers, secrets) };
    case 'error':
      return {
        ...record,
        message: maskSecrets(record.message, secrets),
        ...(record.headers ? { headers: maskHeaders(record.headers, secrets) } : {}),
        ...(record.bodyPreview !== undefined ? { bodyPreview: maskSecrets(record.bodyPreview, secrets) } : {}),
      };
    case 'closed':
      return { ...record, message: maskSecrets(record.message, secrets) };
    case 'event':
    case 'comment':
    case 'retry':
      return record;
  }
}
