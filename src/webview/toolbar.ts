/**
 * The toolbar: search (text or regex, case), one toggle per event type with its count, and the
 * view and connection buttons. It only reflects state and reports intents; the app decides.
 */
import type { ConnectionPhase, ControlAction, SessionInfo, ViewFilter, ViewFrame } from '../shared/protocol';
import { h, icon, iconButton, setText } from './dom';
import { formatCount } from '../shared/format';

/** The types a frame names, and how many more it left out. */
export type TypeList = Pick<ViewFrame, 'types' | 'moreTypes'>;

/** Intents the toolbar reports. */
export interface ToolbarEvents {
  filterChanged(change: Partial<ViewFilter>): void;
  toggleType(type: string): void;
  togglePause(): void;
  toggleAutoScroll(): void;
  control(action: ControlAction): void;
}

function setPressed(button: HTMLButtonElement, on: boolean): void {
  button.setAttribute('aria-pressed', String(on));
  button.classList.toggle('is-on', on);
}

export class Toolbar {
  readonly element = h('div', 'sse-toolbar');
  readonly searchInput = h('input', 'sse-search-input');
  private readonly searchBox = h('div', 'sse-search');
  private readonly searchError = h('div', 'sse-search-error');
  /** "searching… N%" while the host scans a long search in slices. */
  private readonly searching = h('span', 'sse-searching');
  private readonly regexButton = iconButton('regex', 'Use regular expression', undefined, 'sse-button sse-inline-toggle');
  private readonly caseButton = iconButton('case-sensitive', 'Match case', undefined, 'sse-button sse-inline-toggle');
  private readonly commentsButton = iconButton('comment', 'Show comments (: lines such as heartbeats)', 'Comments');
  private readonly pauseButton = iconButton('debug-pause', 'Pause the view (events keep arriving)', 'Pause', 'sse-button sse-pause-button');
  private readonly autoScrollButton = iconButton('fold-down', 'Auto-scroll: follow new events', 'Auto-scroll');
  private readonly clearButton = iconButton('clear-all', 'Clear events', 'Clear');
  private readonly disconnectButton = iconButton('debug-disconnect', 'Disconnect', 'Disconnect');
  private readonly reconnectButton = iconButton('debug-restart', 'Reconnect now', 'Reconnect');
  private readonly connectAgainButton = iconButton('plug', 'Connect again', 'Connect again');
  private readonly saveProfileButton = iconButton('bookmark', 'Save this connection as a profile', 'Save profile');
  private readonly exportButton = iconButton('save', 'Export events as NDJSON or JSON', 'Export');
  private readonly types = h('div', 'sse-types');
  private readonly typeChips = new Map<string, { chip: HTMLButtonElement; count: HTMLElement }>();
  private readonly moreTypes = h('span', 'sse-type-more');

  constructor(private readonly events: ToolbarEvents) {
    this.searchInput.type = 'text';
    this.searchInput.placeholder = 'Search data, type, id (Ctrl+F)';
    this.searchInput.setAttribute('aria-label', 'Search events');
    this.searchInput.spellcheck = false;
    this.searching.hidden = true;
    this.searching.setAttribute('role', 'status');
    this.searchBox.append(icon('search'), this.searchInput, this.searching, this.caseButton, this.regexButton);
    this.searchError.hidden = true;
    this.searchError.setAttribute('role', 'alert');
    const searchWrap = h('div', 'sse-search-wrap');
    searchWrap.append(this.searchBox, this.searchError);

    const view = h('div', 'sse-group');
    view.append(this.commentsButton, this.pauseButton, this.autoScrollButton, this.clearButton);
    const connection = h('div', 'sse-group sse-connection-controls');
    connection.append(this.disconnectButton, this.reconnectButton, this.connectAgainButton, this.saveProfileButton);
    const file = h('div', 'sse-group');
    file.append(this.exportButton);
    const row = h('div', 'sse-toolbar-row');
    row.append(searchWrap, view, connection, file);
    this.types.setAttribute('role', 'group');
    this.types.setAttribute('aria-label', 'Event types');
    this.moreTypes.title = 'This stream has more event types than toggles: search finds their events';
    this.element.append(row, this.types);

    this.searchInput.addEventListener('input', () => this.events.filterChanged({ search: this.searchInput.value }));
    this.searchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.searchInput.value !== '') {
        e.stopPropagation();
        this.searchInput.value = '';
        this.events.filterChanged({ search: '' });
      }
    });
    this.regexButton.addEventListener('click', () => this.events.filterChanged({ regex: !this.isOn(this.regexButton) }));
    this.caseButton.addEventListener('click', () =>
      this.events.filterChanged({ caseSensitive: !this.isOn(this.caseButton) }),
    );
    this.commentsButton.addEventListener('click', () =>
      this.events.filterChanged({ showComments: !this.isOn(this.commentsButton) }),
    );
    this.pauseButton.addEventListener('click', () => this.events.togglePause());
    this.autoScrollButton.addEventListener('click', () => this.events.toggleAutoScroll());
    this.clearButton.addEventListener('click', () => this.events.control('clear'));
    this.disconnectButton.addEventListener('click', () => this.events.control('disconnect'));
    this.reconnectButton.addEventListener('click', () => this.events.control('reconnect'));
    this.connectAgainButton.addEventListener('click', () => this.events.control('connectAgain'));
    this.exportButton.addEventListener('click', () => this.events.control('export'));
    this.saveProfileButton.addEventListener('click', () => this.events.control('saveProfile'));
    // One listener for all type toggles; each chip carries its type in a data attribute.
    this.types.addEventListener('click', (e) => {
      const chip = e.target instanceof Element ? e.target.closest<HTMLElement>('.sse-type-chip') : null;
      const type = chip?.dataset.type;
      if (type !== undefined) this.events.toggleType(type);
    });
  }

  /** Ctrl+F (Cmd+F) anywhere in the panel goes to the search box, as in an editor. */
  listenForSearchShortcut(target: Window): void {
    target.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        this.focusSearch();
      }
    });
  }

  focusSearch(): void {
    this.searchInput.focus();
    this.searchInput.select();
  }

  /** Reflects the filter (after a restore or a change). */
  setFilter(filter: ViewFilter): void {
    if (this.searchInput.value !== filter.search) this.searchInput.value = filter.search;
    setPressed(this.regexButton, filter.regex);
    setPressed(this.caseButton, filter.caseSensitive);
    setPressed(this.commentsButton, filter.showComments);
    const hidden = new Set(filter.hiddenTypes);
    for (const [type, { chip }] of this.typeChips) setPressed(chip, !hidden.has(type));
  }

  setSearchError(error: string | undefined): void {
    this.searchError.hidden = error === undefined;
    this.searchError.textContent = error === undefined ? '' : `Invalid regular expression: ${error}`;
    this.searchBox.classList.toggle('is-invalid', error !== undefined);
    this.searchInput.setAttribute('aria-invalid', String(error !== undefined));
  }

  /** Shows how far a running search got (0..1), or hides the note when none runs. */
  setSearching(fraction: number | undefined): void {
    const text = fraction === undefined ? '' : `searching… ${Math.floor(fraction * 100)}%`;
    setText(this.searching, text);
    if (this.searching.hidden !== (fraction === undefined)) this.searching.hidden = fraction === undefined;
  }

  /** Adds toggles for new types and refreshes counts in place. */
  /**
   * One toggle per type the host named, in its order; a type whose events all left the log loses
   * its toggle, and the types beyond the host's limit are one "+N more" note.
   */
  setTypes({ types, moreTypes = 0 }: TypeList, hiddenTypes: readonly string[]): void {
    const named = new Set(types.map(([type]) => type));
    for (const [type, { chip }] of this.typeChips) {
      if (named.has(type)) continue;
      chip.remove();
      this.typeChips.delete(type);
    }
    for (const [type, count] of types) {
      let entry = this.typeChips.get(type);
      if (!entry) {
        const chip = h('button', 'sse-type-chip');
        chip.type = 'button';
        chip.dataset.type = type;
        chip.title = `Show or hide "${type}" events`;
        const countEl = h('span', 'sse-type-count');
        chip.append(h('span', 'sse-type-name', type), countEl);
        this.types.append(chip);
        entry = { chip, count: countEl };
        this.typeChips.set(type, entry);
        setPressed(chip, !hiddenTypes.includes(type));
      }
      const text = formatCount(count);
      setText(entry.count, text);
    }
    const more = moreTypes > 0 ? `+${formatCount(moreTypes)} more types` : '';
    setText(this.moreTypes, more);
    // Last in the row, after any chip added above.
    if (more && this.types.lastElementChild !== this.moreTypes) this.types.append(this.moreTypes);
    this.moreTypes.hidden = !more;
    this.types.hidden = this.typeChips.size === 0;
  }

  setPaused(paused: boolean, pending: number): void {
    setPressed(this.pauseButton, paused);
    this.pauseButton.replaceChildren(
      icon(paused ? 'debug-continue' : 'debug-pause'),
      h('span', 'sse-button-label', paused ? `Resume${pending > 0 ? ` (${formatCount(pending)} new)` : ''}` : 'Pause'),
    );
    this.pauseButton.title = paused ? 'Resume the view and show what arrived meanwhile' : 'Pause the view (events keep arriving)';
    this.pauseButton.setAttribute('aria-label', this.pauseButton.title);
  }

  setAutoScroll(on: boolean): void {
    setPressed(this.autoScrollButton, on);
  }

  /** Connection buttons fit the session: none for recordings; Connect again once closed. */
  setConnection(session: SessionInfo | undefined, phase: ConnectionPhase): void {
    const live = session?.mode !== 'recording';
    this.element.classList.toggle('is-recording', !live);
    this.disconnectButton.hidden = !live || phase === 'closed';
    this.reconnectButton.hidden = !live || phase === 'closed';
    this.connectAgainButton.hidden = !live || phase !== 'closed';
    this.saveProfileButton.hidden = !live;
  }

  private isOn(button: HTMLButtonElement): boolean {
    return button.getAttribute('aria-pressed') === 'true';
  }
}
