/**
 * The panel header: where the connection is (with a live countdown while reconnecting), what
 * it connects to, the counters with a small events/s chart, and the last failure in full.
 */
import type { ConnectionStats, FailureDetails, SessionInfo } from '../shared/protocol';
import { h, headersTable, icon, setText } from './dom';
import { formatBytes, formatCount, formatDuration } from '../shared/format';
import { RateChart } from './rateChart';

const PHASE_ICONS: Record<ConnectionStats['phase'], string> = {
  connecting: 'loading',
  open: 'pass-filled',
  reconnecting: 'sync',
  closed: 'circle-slash',
};

/** Counter element: a label and a value that updates in place. */
class Counter {
  readonly element = h('span', 'sse-counter');
  private readonly value = h('span', 'sse-counter-value');
  constructor(label: string, title: string) {
    this.element.title = title;
    this.element.append(h('span', 'sse-counter-label', label), this.value);
  }
  /** Every frame sets every counter: setText changes the text node in place, and only when it reads differently. */
  set(text: string): void {
    setText(this.value, text);
  }
}

export class Header {
  readonly element = h('header', 'sse-header');
  private readonly state = h('span', 'sse-state');
  private readonly stateIcon = h('span', 'sse-state-icon');
  private readonly stateText = h('span', 'sse-state-text');
  private readonly target = h('span', 'sse-target');
  private readonly method = h('span', 'sse-method');
  private readonly url = h('span', 'sse-url');
  private readonly insecure = h('span', 'sse-warning-badge');
  private readonly source = h('span', 'sse-source');
  private readonly profile = h('span', 'sse-source sse-profile');
  private readonly events = new Counter('Events', 'Events received (also those no longer kept)');
  private readonly bytes = new Counter('Data', 'Event data received, UTF-8 bytes');
  private readonly rate = new Counter('Events/s', 'Events per second over the last second; chart: last minute');
  private readonly firstEvent = new Counter('First event', 'Time from the first connection attempt to the first event');
  private readonly reconnects = new Counter('Reconnects', 'Reconnect attempts so far');
  private readonly dropped = new Counter('Dropped', 'Oldest records let go because the log was full (sseInspector.maxEvents)');
  private readonly kept = new Counter('Shown', 'Rows shown by the filter / records kept');
  private readonly chart: RateChart;
  private readonly failure = h('div', 'sse-failure');
  private stats: ConnectionStats | undefined;
  private session: SessionInfo | undefined;

  constructor() {
    const canvas = h('canvas', 'sse-rate-chart');
    this.chart = new RateChart(canvas);
    this.state.append(this.stateIcon, this.stateText);
    this.state.setAttribute('role', 'status');
    this.insecure.append(icon('warning'), document.createTextNode(' TLS checks off'));
    this.insecure.title = 'Certificate checks are disabled for this connection';
    this.insecure.hidden = true;
    this.source.hidden = true;
    this.profile.hidden = true;
    this.target.append(this.method, this.url);
    const line = h('div', 'sse-header-line');
    line.append(this.state, this.target, this.profile, this.source, this.insecure);
    const counters = h('div', 'sse-counters');
    const rateWrap = h('span', 'sse-rate');
    rateWrap.append(this.rate.element, canvas);
    counters.append(
      this.events.element,
      this.bytes.element,
      rateWrap,
      this.firstEvent.element,
      this.reconnects.element,
      this.dropped.element,
      this.kept.element,
    );
    this.failure.hidden = true;
    this.element.append(line, counters, this.failure);
    this.dropped.element.hidden = true;
  }

  setSession(session: SessionInfo): void {
    this.session = session;
    const recording = session.mode === 'recording';
    this.element.classList.toggle('is-recording', recording);
    this.method.textContent = recording ? '' : session.method;
    this.url.textContent = session.url;
    // The request as it was really sent (secret values arrive masked from the host).
    const headerLines = Object.entries(session.requestHeaders).map(([name, value]) => `${name}: ${value}`);
    this.target.title = recording ? session.url : [`${session.method} ${session.url}`, ...headerLines].join('\n');
    this.url.title = this.target.title;
    this.profile.hidden = !session.profileName;
    this.profile.textContent = session.profileName ? `Profile: ${session.profileName}` : '';
    this.insecure.hidden = !session.insecureTls;
    this.source.hidden = !recording;
    this.source.textContent = recording ? `Recording: ${session.sourcePath ?? session.title}` : '';
    this.source.title = session.sourcePath ?? '';
    this.updateState(Date.now());
  }

  setStats(stats: ConnectionStats, now = Date.now()): void {
    const previous = this.stats;
    this.stats = stats;
    this.events.set(formatCount(stats.events));
    this.bytes.set(formatBytes(stats.bytes));
    this.rate.set(formatCount(stats.eventsPerSecond));
    this.firstEvent.set(stats.timeToFirstEventMs === undefined ? '—' : formatDuration(stats.timeToFirstEventMs));
    this.reconnects.set(formatCount(stats.reconnects));
    this.dropped.element.hidden = stats.dropped <= 0;
    this.dropped.set(formatCount(stats.dropped));
    this.chart.add(now, stats.eventsPerSecond);
    // Each stats message is a fresh copy: rebuild the box only for another failure, so an opened
    // section or a selection in it survives the refreshes.
    if (previous?.lastFailure?.seq !== stats.lastFailure?.seq) this.renderFailure(stats.lastFailure);
    this.updateState(now);
  }

  /** Rows shown by the filter (undefined: the host has yet to count them) against records kept, and the view's own drops. */
  setShown(shown: number | undefined, kept: number, viewDropped: number): void {
    this.kept.set(`${shown === undefined ? '…' : formatCount(shown)} / ${formatCount(kept)}`);
    this.kept.element.title = `Rows shown by the filter / records kept${viewDropped > 0 ? ` (${formatCount(viewDropped)} older records let go by the view)` : ''}`;
  }

  /** Clears the chart (a new init or a clear). */
  resetChart(): void {
    this.chart.reset();
  }

  /** Whether the header needs the per-second countdown tick. */
  get needsTick(): boolean {
    return this.stats?.phase === 'reconnecting';
  }

  /** Ticks the reconnect countdown every 250 ms: it must move even when no message arrives. */
  startTicking(): void {
    window.setInterval(() => {
      if (this.needsTick) this.updateState(Date.now());
    }, 250);
  }

  /** Refreshes the state line; called every 250 ms while reconnecting for the countdown. */
  updateState(now: number): void {
    const stats = this.stats;
    const phase = stats?.phase ?? 'connecting';
    const recording = this.session?.mode === 'recording';
    let text: string;
    // A recording has no connection: whatever phase its last records left, it reads "Recording"
    // (an export taken while the stream was open ends in phase 'open').
    if (recording) text = 'Recording';
    else switch (phase) {
      case 'connecting':
        text = 'Connecting…';
        break;
      case 'open':
        text = 'Open';
        break;
      case 'reconnecting': {
        const wait = stats?.nextAttemptAt === undefined ? undefined : Math.max(0, Math.ceil((stats.nextAttemptAt - now) / 1000));
        text = wait === undefined ? 'Reconnecting…' : `Reconnecting in ${wait} s`;
        break;
      }
      case 'closed':
        text = `Closed${stats?.closedMessage ? `: ${stats.closedMessage}` : ''}`;
        break;
    }
    setText(this.stateText, text);
    const iconName = recording ? 'file' : PHASE_ICONS[phase];
    const iconClass = `codicon codicon-${iconName}${phase === 'connecting' && !recording ? ' codicon-modifier-spin' : ''}`;
    if (this.stateIcon.className !== iconClass) this.stateIcon.className = iconClass;
    this.state.className = `sse-state phase-${recording ? 'recording' : phase}`;
  }

  private renderFailure(failure: FailureDetails | undefined): void {
    this.failure.hidden = failure === undefined;
    this.failure.textContent = '';
    if (!failure) return;
    const title = h('div', 'sse-failure-title');
    title.append(icon('error'), document.createTextNode(` ${failure.message}`));
    this.failure.append(title);
    if (failure.hint) this.failure.append(h('div', 'sse-hint', failure.hint));
    const facts: string[] = [failure.code];
    if (failure.status !== undefined) facts.unshift(`HTTP ${failure.status} ${failure.statusText ?? ''}`.trim());
    this.failure.append(h('div', 'sse-failure-facts', facts.join(' · ')));
    if (failure.headers && Object.keys(failure.headers).length > 0) {
      const details = h('details', 'sse-failure-headers');
      details.append(h('summary', undefined, 'Response headers'));
      details.append(headersTable(failure.headers));
      this.failure.append(details);
    }
    if (failure.bodyPreview) {
      const details = h('details', 'sse-failure-body');
      details.open = true;
      details.append(h('summary', undefined, 'Response body (start)'), h('pre', 'sse-raw sse-body', failure.bodyPreview));
      this.failure.append(details);
    }
  }
}
