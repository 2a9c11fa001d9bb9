/**
 * Incremental `llm` messages: the host (PanelLlmMerge) posts only what is new after its first
 * whole view, the webview (applyViewDelta) glues it back. At every post, what the webview holds
 * equals the whole view a fresh post would carry; a reload (flush(true)) sends it whole again.
 */
import * as assert from 'node:assert/strict';
import { PanelLlmMerge } from '../../../src/panel/llmMerge';
import type { LlmMessageView } from '../../../src/shared/protocol';
import { applyViewDelta } from '../../../src/webview/message/viewDelta';
import { fixtureSession } from '../../llm/support/fixtures';

function run(name: string): { posts: number; deltas: number; sentChars: number; wholeChars: number } {
  let got: LlmMessageView | null = null;
  let latest: LlmMessageView | null = null;
  const host = new PanelLlmMerge('auto', (view) => (latest = view));
  let expected: LlmMessageView | null = null;
  const whole = new PanelLlmMerge('auto', (view) => (expected = view));
  const stats = { posts: 0, deltas: 0, sentChars: 0, wholeChars: 0 };
  const records = fixtureSession(name);
  records.forEach((record, i) => {
    host.push(record);
    whole.push(record);
    // A reload now and then: the next post is whole.
    host.flush(i % 9 === 8);
    whole.flush(true);
    const posted = latest as LlmMessageView | null;
    got = posted && applyViewDelta(got, posted);
    stats.posts++;
    if (posted?.delta) stats.deltas++;
    stats.sentChars += JSON.stringify(posted).length;
    stats.wholeChars += JSON.stringify(expected).length;
    assert.deepEqual(got, expected, `${name}: after record ${i} (${record.kind})`);
  });
  host.dispose();
  whole.dispose();
  return stats;
}

describe('webview/viewDelta: incremental Message view posts', () => {
  for (const name of ['openai-chat', 'openai-chat-n2', 'openai-chat-malformed', 'openai-responses', 'anthropic', 'gemini', 'ai-sdk', 'json-rpc']) {
    it(`${name}: the webview holds the whole view after every post`, () => {
      const stats = run(name);
      assert.ok(stats.deltas > 0, 'deltas were sent');
    });
  }

  it('a long answer is not sent whole on every post', () => {
    const chunk = (i: number) => `{"object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":" word${i}"},"finish_reason":null}]}`;
    let got: LlmMessageView | null = null;
    let sent = 0;
    const host = new PanelLlmMerge('auto', (view) => {
      sent += JSON.stringify(view).length;
      got = view && applyViewDelta(got, view);
    });
    host.push({ kind: 'connecting', seq: 1, time: 1000, url: 'http://x', method: 'POST', requestHeaders: {}, attempt: 0 });
    for (let i = 0; i < 2000; i++) {
      host.push({ kind: 'event', seq: i + 2, time: 1100 + i, type: 'message', data: chunk(i), lastEventId: '', size: 1 });
      if (i % 10 === 9) host.flush();
    }
    host.dispose();
    const text = (got as LlmMessageView | null)?.merged.text ?? '';
    assert.equal(text, Array.from({ length: 2000 }, (_, i) => ` word${i}`).join(''));
    // 200 posts of a text that grows to ~19,000 characters: whole, that would be ~2 MB.
    assert.ok(sent < 400_000, `sent ${sent} characters`);
  });
});
