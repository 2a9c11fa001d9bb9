/** The demo server's module: the showcase streams plus controllers written by the scaffolding. */
import { Module } from '@nestjs/common';
import { BroadcastController } from './broadcast.controller';
import { BroadcastService } from './broadcast.service';
import { LlmController } from './llm.controller';
import { PagesController } from './pages.controller';
import { ResumableController } from './resumable.controller';
import { StreamsController } from './streams.controller';

@Module({
  controllers: [PagesController, StreamsController, ResumableController, BroadcastController, LlmController],
  providers: [BroadcastService],
})
export class AppModule {}
