/**
 * The WHATWG "Interpreting an event stream" algorithm written out literally, line by line, as
 * an oracle for the randomized tests. Slow and simple on purpose; shares no code with src/.
 * Truncation follows the reader's contract: data cut to the limit (whole characters), real size kept.
 */
import type { Output } from './streamHarness';

export function referenceParse(text: string, maxEventBytes: number): Output[] {
  const out: Output[] = [];
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  // Only terminated lines count: what follows the last terminator can never be dispatched.
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop();
  let data: string[] = [];
  let type = '';
  let lastEventId = '';
  let blockId: string | undefined;
  for (const line of lines) {
    if (line === '') {
      if (blockId !== undefined) lastEventId = blockId;
      if (data.length > 0) {
        const joined = data.join('\n');
        const size = Buffer.byteLength(joined);
        let cut = joined;
        if (size > maxEventBytes) {
          const buf = Buffer.from(joined);
          let end = maxEventBytes;
          while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
          cut = buf.toString('utf8', 0, end);
        }
        const item: Output = { event: type || 'message', data: cut, lastEventId, size };
        if (blockId !== undefined) item.id = blockId;
        if (size > maxEventBytes) item.truncated = true;
        out.push(item);
      }
      data = [];
      type = '';
      blockId = undefined;
      continue;
    }
    if (line.startsWith(':')) {
      out.push({ comment: line.slice(1).replace(/^ /, '') });
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id') {
      if (!value.includes('\0')) blockId = value;
    } else if (field === 'retry' && /^[0-9]+$/.test(value)) out.push({ retry: Number(value) });
  }
  return out;
}
