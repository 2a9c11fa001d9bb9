import { Body, Controller, Inject, MessageEvent, Post, Query, Sse } from '@nestjs/common';
import { Observable, finalize } from 'rxjs';
import { BroadcastService } from './broadcast.service';

/**
 * Server-Sent Events at GET /broadcast: every client receives what POST /broadcast/emit sends.
 */
@Controller('broadcast')
export class BroadcastController {
  /** Clients connected now: `finalize` below counts them out when they go away. */
  private clients = 0;

  // @Inject names the dependency, so injection also works when the build emits no decorator
  // metadata (esbuild, Vite, swc without it).
  constructor(@Inject(BroadcastService) private readonly broadcastService: BroadcastService) {}

  @Sse()
  stream(): Observable<MessageEvent> {
    this.clients++;
    return this.broadcastService.events().pipe(
      // NestJS unsubscribes when the client disconnects: release per-client resources here.
      finalize(() => {
        this.clients--;
      }),
    );
  }

  /** Sends the JSON body to every client, as a `message` event or as `?type=` when given. */
  @Post('emit')
  emit(@Body() data: object, @Query('type') type?: string): { clients: number } {
    this.broadcastService.emit(data, type);
    return { clients: this.clients };
  }
}
