import { Injectable, MessageEvent, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** Everything passed to `emit` goes to every client connected to the stream. */
@Injectable()
export class BroadcastService implements OnModuleDestroy {
  private readonly events$ = new Subject<MessageEvent>();
  private lastId = 0;

  /** Sends one event to every connected client; `type` lets them use addEventListener(type, …). */
  emit(data: string | object, type?: string): void {
    this.lastId++;
    this.events$.next({ id: String(this.lastId), type, data });
  }

  /** The stream a controller returns from its `@Sse()` handler. */
  events(): Observable<MessageEvent> {
    return this.events$.asObservable();
  }

  /** Ends the stream on shutdown so open connections close instead of hanging. */
  onModuleDestroy(): void {
    this.events$.complete();
  }
}
