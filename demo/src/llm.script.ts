/**
 * What the demo's LLM streams say, and how they are paced: one answer (reasoning, Markdown text,
 * a tool call) cut into token-sized pieces, the first after a few hundred milliseconds and the
 * rest at tens of chunks per second, as a real model sends them. Each format in
 * llm.controller.ts encodes the same pieces its own way.
 */
import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';

export const REASONING =
  'The user asks about the weather in Paris. I should call get_weather for the current conditions, ' +
  'then summarise them in a short Markdown answer with a list and a link to the source.';

export const TEXT =
  '## Weather in Paris\n\nLet me check the **current conditions** for you. Meanwhile, a few facts:\n\n' +
  '- Paris has an *oceanic* climate, mild and fairly wet.\n- Spring (April to June) is the nicest time to visit.\n' +
  '- Rain falls on about 110 days a year.\n\nSource: [Météo-France](https://meteofrance.com). ' +
  'I am calling `get_weather` now — un instant ☀️.';

export const TOOL = { id: 'call_demo_1', name: 'get_weather', args: '{"city": "Paris", "unit": "celsius", "days": 3}' };

/** Usage the demo reports (consistent with the text's length, roughly 4 characters a token). */
export const USAGE = { input: 57, reasoning: Math.ceil(REASONING.length / 4), output: Math.ceil((REASONING.length + TEXT.length + TOOL.args.length) / 4) };

/** Cuts text into pieces of 1 to 6 characters, like tokens (deterministic). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  let n = 0;
  while (i < text.length) {
    const size = 1 + ((n * 7 + 3) % 6);
    // Keep surrogate pairs (emoji) whole.
    let end = Math.min(text.length, i + size);
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
    out.push(text.slice(i, end));
    i = end;
    n++;
  }
  return out;
}

/**
 * Sends `events`: the first after `firstMs`, then one every 20-45 ms (about 30 a second), all
 * `slow` times slower (1 to 10).
 */
/** The `?slow=N` query of a demo LLM stream: a whole number from 1 to 10, 1 when absent or wrong. */
export function slowFactor(query: string | undefined): number {
  const n = Number(query);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : 1;
}

export function paced(events: readonly MessageEvent[], firstMs = 450, slow = 1): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let i = 0;
    let timer: NodeJS.Timeout;
    const next = (): void => {
      if (i >= events.length) {
        subscriber.complete();
        return;
      }
      subscriber.next(events[i++]);
      timer = setTimeout(next, (20 + ((i * 37) % 26)) * slow);
    };
    timer = setTimeout(next, firstMs * slow);
    return () => clearTimeout(timer);
  });
}
