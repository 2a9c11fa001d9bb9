import * as assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { canTakeOver } from '../../../../src/core/capture/relayRequest';

describe('canTakeOver (the raw relay only where node:http can be told the head went out)', () => {
  it("this Node's ServerResponse has the fields the relay sets", () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    assert.equal(canTakeOver(res), true);
  });

  it('a response without them (a Node that renamed them) goes through node:http instead', () => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    const renamed = Object.create(res) as Record<string, unknown>;
    Object.defineProperty(renamed, 'chunkedEncoding', { value: undefined });
    assert.equal(canTakeOver(renamed as unknown as ServerResponse), false);
  });
});
