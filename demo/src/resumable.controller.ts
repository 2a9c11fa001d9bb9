import { Controller, Headers, MessageEvent, Sse } from '@nestjs/common';
import { Observable, interval, map } from 'rxjs';

/**
 * Server-Sent Events at GET /resumable: one `tick` event per second.
 * Browser: `new EventSource('/resumable')`, then `addEventListener('tick', …)`.
 */
@Controller('resumable')
export class ResumableController {
  @Sse()
  stream(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    // A reconnecting EventSource sends the last id it saw: continue after it instead of from the start.
    const first = /^\d+$/.test(lastEventId ?? '') ? Number(lastEventId) + 1 : 1;
    return interval(1000).pipe(
      map((n) => ({
        id: String(first + n),
        type: 'tick',
        // Sent once: how long clients wait before reconnecting after the connection drops.
        retry: n === 0 ? 3000 : undefined,
        data: { n: first + n, at: new Date().toISOString() },
      })),
    );
  }
}
