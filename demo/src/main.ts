/**
 * Starts the demo SSE server (run it with `node scripts/demo-server.mjs --port 3917`).
 * resumable.controller.ts and broadcast.*.ts are exactly what "New SSE Controller…" writes
 * (a unit test keeps them so); streams.controller.ts and pages.controller.ts add the rest.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

/** Creates the app and listens on `host:port` (port 0: any free port). */
export async function startDemo(port: number, host: string): Promise<INestApplication> {
  // forceCloseConnections: open event streams would otherwise keep close() waiting forever.
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'], forceCloseConnections: true });
  // Lets the EventSource snippet be tried from any page in a browser.
  app.enableCors();
  await app.listen(port, host);
  return app;
}
