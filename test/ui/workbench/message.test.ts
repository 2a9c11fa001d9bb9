// The Message view in a real workbench, against the demo server's paced OpenAI stream (reasoning,
// Markdown, a tool call, usage): it grows while the stream comes, ends complete with the tool call
// and timing, the session closes without reconnecting, and a click on the answer selects the
// event that delivered it.
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startApp, type RunningApp } from '../../nest/nestProcess';
import { connectFromPalette, useWorkbench, waitUntil, webviewFrame } from '../support';

describe('workbench: the Message view of an LLM stream', function () {
  this.timeout(90_000);
  const workbench = useWorkbench({ name: 'message' });
  let demo: RunningApp;

  before(async function () {
    this.timeout(60_000);
    demo = await startApp(resolve(__dirname, '../../../..'), ['scripts/demo-server.mjs', '--port', '0'], 45_000, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  });
  after(async () => demo?.stop());

  it('merges the demo OpenAI stream live, then shows the whole answer', async () => {
    const { page } = workbench();
    // Four times slower (about 25 s): the streaming state lasts long enough to be seen on a busy
    // machine, where opening the panel can take as long as the normal stream.
    await connectFromPalette(page, `${demo.baseUrl}/llm/openai-chat?slow=4`);
    const live = webviewFrame(page);
    const message = live.locator('.sse-message');
    // While it streams: the badge says so and the text grows.
    await message.locator('.sse-msg-badge.is-streaming').waitFor({ timeout: 20_000 });
    await workbench().screenshot('message-streaming');
    await message.locator('.sse-msg-tool').waitFor({ timeout: 30_000 });
    await waitUntil('the end of the answer', async () => (await message.locator('.sse-msg-badges').innerText()).includes('finish: tool_calls'), (done) => done, 30_000);
    assert.equal(await message.locator('.sse-msg-text h2').innerText(), 'Weather in Paris');
    assert.equal(await message.locator('.sse-msg-text li').count(), 3);
    assert.deepEqual(JSON.parse(await message.locator('.sse-msg-tool pre').innerText()), { city: 'Paris', unit: 'celsius', days: 3 });
    assert.match(await message.locator('.sse-msg-timing').innerText(), /TTFT/);
    // The server closes the stream after [DONE]: the panel ends the session there, with no error
    // and no second request (a reconnect would ask the model again).
    await live.locator('.sse-state.phase-closed', { hasText: 'The stream is complete' }).waitFor({ timeout: 10_000 });
    assert.ok(!(await live.locator('.sse-failure').isVisible()), 'no failure banner after a complete answer');
    // [DONE] ended the answer whole: neither "streaming…" nor "incomplete" is left on it.
    await waitUntil('the streaming badge to go', () => message.locator('.sse-msg-badge.is-streaming, .sse-msg-badge.is-incomplete').count(), (n) => n === 0, 10_000);
    await workbench().screenshot('message-done');
    // A click on the heading selects the event that delivered its first characters.
    await message.locator('.sse-msg-text h2').click();
    await live.locator('.sse-detail-added').waitFor();
    await workbench().screenshot('message-click-selects-event');
  });
});
