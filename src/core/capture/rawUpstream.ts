/**
 * Plain TCP connections to an http:// target for the raw relay (relayRequest.ts), kept alive
 * between requests like node:http's Agent, and read into one buffer of their own.
 *
 * Why not node:http's client: its parser re-frames every body (de-chunks it, so node:http's
 * server re-chunks it for the client) and hands each 64 KiB read to JS as a fresh Buffer. On a
 * 2-core machine that work, not the kernel's copy, is most of what a proxy costs. Here each
 * connection reads up to READ_BYTES at a time into its own buffer (net's `onread`), which the
 * relay writes to the client as it is; the buffer is read into again only after that write
 * left it (the relay pauses reading while the client's socket still holds it).
 */
import * as net from 'node:net';

/** One read's most bytes. Each connection owns a buffer of this size while it lives. */
export const READ_BYTES = 256 * 1024;
/** Idle connections kept for reuse, at most (the rest are closed). */
const MAX_IDLE = 32;

/** What a connection reports to the exchange using it. */
export interface RawOwner {
  /** Bytes read; `bytes` is only valid during the call (the next read overwrites it). */
  data(bytes: Buffer): void;
  /** The upstream ended its side. */
  end(): void;
  /** The connection failed or closed; `error` when it failed. */
  closed(error: Error | undefined): void;
}

/** A connection to the target, owned by one exchange at a time. */
export interface RawConnection {
  readonly socket: net.Socket;
  /** True when it came from the idle pool (it may have been closed by the upstream meanwhile). */
  readonly reused: boolean;
  /** Hands it back for the next request (or closes it when the pool is full or it is unusable). */
  release(): void;
  /** Closes it for good. Either this or release() acts, whichever comes first; later calls do nothing. */
  destroy(): void;
}

interface Slot {
  socket: net.Socket;
  owner: RawOwner | undefined;
  gone: boolean;
  error?: Error;
}

export class RawUpstream {
  private readonly idle: Slot[] = [];
  private readonly all = new Set<Slot>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** An idle connection, or a new one (its connect errors arrive as closed(error)). */
  acquire(owner: RawOwner): RawConnection {
    let slot = this.idle.pop();
    const reused = slot !== undefined;
    if (!slot) slot = this.connect();
    slot.owner = owner;
    const current = slot;
    // The first of release() and destroy() counts: once handed back, the connection is another exchange's.
    let over = false;
    return {
      socket: current.socket,
      reused,
      release: () => {
        if (over) return;
        over = true;
        this.release(current);
      },
      destroy: () => {
        if (over) return;
        over = true;
        current.owner = undefined;
        current.socket.destroy();
      },
    };
  }

  /** Closes every connection, busy or idle. */
  destroy(): void {
    for (const slot of this.all) slot.socket.destroy();
    this.idle.length = 0;
  }

  private connect(): Slot {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const slot: Slot = { socket: undefined as unknown as net.Socket, owner: undefined, gone: false };
    slot.socket = net.connect({
      host: this.host,
      port: this.port,
      noDelay: true,
      onread: {
        buffer,
        callback: (length: number, bytes: Uint8Array): boolean => {
          const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, length);
          // Bytes on an idle connection answer nothing: it cannot be trusted any more.
          if (slot.owner) slot.owner.data(chunk);
          else slot.socket.destroy();
          // The owner pauses the socket itself while the client still holds the buffer.
          return true;
        },
      },
    });
    // Ends are handled by the owner (a close-delimited body ends there); never half-open.
    slot.socket.on('end', () => {
      slot.gone = true;
      if (slot.owner) slot.owner.end();
      slot.socket.end();
    });
    slot.socket.on('error', (error) => (slot.error ??= error));
    slot.socket.on('close', (hadError) => {
      slot.gone = true;
      this.all.delete(slot);
      const at = this.idle.indexOf(slot);
      if (at !== -1) this.idle.splice(at, 1);
      const owner = slot.owner;
      slot.owner = undefined;
      owner?.closed(hadError ? (slot.error ?? new Error('socket hang up')) : undefined);
    });
    this.all.add(slot);
    return slot;
  }

  private release(slot: Slot): void {
    slot.owner = undefined;
    if (slot.gone || slot.socket.destroyed || this.idle.length >= MAX_IDLE) {
      slot.socket.destroy();
      return;
    }
    if (slot.socket.isPaused()) slot.socket.resume();
    this.idle.push(slot);
  }
}
