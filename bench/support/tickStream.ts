/** The benchmark's event stream: `events` small JSON ticks with ids, as one UTF-8 body. */
export function tickStreamBody(events: number): Buffer {
  const parts: string[] = [];
  for (let i = 1; i <= events; i++) {
    parts.push(`id: ${i}\ndata: {"seq":${i},"type":"tick","price":${(100 + (i % 997) / 10).toFixed(1)},"ok":true}\n\n`);
  }
  return Buffer.from(parts.join(''), 'utf8');
}
