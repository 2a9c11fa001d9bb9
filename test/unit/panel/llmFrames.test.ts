/**
 * The panel's Message view updates ride on the view's frames (PanelLlmMerge with `requestFrame`):
 * an update is due at once after a quiet interval, else after what remains of it; it goes only
 * when a frame `take`s it (so the frames' ack paces it), carries the newest state, and glued
 * together with the posts at the answer's end it gives the webview the whole view.
 */
import * as assert from 'node:assert/strict';
import { PanelLlmMerge } from '../../../src/panel/llmMerge';
import type { LlmMessageView } from '../../../src/shared/protocol';
import type { StreamRecord } from '../../../src/shared/records';
import { applyViewDelta } from '../../../src/webview/message/viewDelta';

const chunk = (i: number): string => `{"object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":" w${i}"},"finish_reason":null}]}`;
const event = (seq: number, data: string): StreamRecord => ({ kind: 'event', seq, time: 1000 + seq, type: 'message', data, lastEventId: '', size: data.length });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('panel/llmMerge: updates ride on frames', () => {
  it('asks for a frame, waits for it, coalesces, and the webview ends with the whole answer', async () => {
    let requests = 0;
    const posts: Array<LlmMessageView | null> = [];
    const merge = new PanelLlmMerge('auto', (view) => posts.push(view), () => requests++);
    let got: LlmMessageView | null = null;
    const takeInto = (): boolean => {
      const update = merge.take();
      if (update) got = update.view && applyViewDelta(got, update.view);
      return update !== undefined;
    };
    merge.push({ kind: 'connecting', seq: 1, time: 1000, url: 'http://x', method: 'POST', requestHeaders: {}, attempt: 0 });
    assert.equal(takeInto(), false, 'nothing is due before an LLM stream shows');
    merge.push(event(2, chunk(0)));
    assert.equal(requests, 1, 'the first update asks for a frame at once');
    assert.equal(posts.length, 0, 'and posts nothing by itself');
    assert.equal(takeInto(), true);
    assert.equal(got!.merged.text, ' w0');
    // Within the interval: no frame asked for, nothing to take, until what remains of it passed.
    for (let i = 1; i < 50; i++) merge.push(event(i + 2, chunk(i)));
    assert.equal(requests, 1);
    assert.equal(takeInto(), false);
    await sleep(60);
    assert.equal(requests, 2, 'a frame is asked for once the interval passed');
    // The frame comes late (the webview was busy): it carries the newest state, once.
    merge.push(event(52, chunk(50)));
    assert.equal(takeInto(), true);
    assert.equal(takeInto(), false, 'taken once');
    assert.equal(got!.merged.text, Array.from({ length: 51 }, (_, i) => ` w${i}`).join(''));
    assert.ok(got!.delta === undefined && got!.streaming);
    // The answer ends: posted at once (not waiting for a frame), and it builds on what frames carried.
    merge.push(event(53, '[DONE]'));
    assert.equal(posts.length, 1);
    assert.ok(posts[0]?.delta, 'the end is a delta on what the frames carried');
    got = applyViewDelta(got, posts[0]!);
    assert.equal(got.streaming, false);
    assert.equal(got.merged.text, Array.from({ length: 51 }, (_, i) => ` w${i}`).join(''));
    assert.equal(takeInto(), false, 'nothing left for a frame after the post');
    merge.dispose();
  });
});
