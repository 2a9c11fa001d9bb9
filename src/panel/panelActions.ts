/**
 * One route for panel actions: a button in a panel runs the same command as the palette and the
 * editor title bar, with an argument that names its panel. Commands reached from the palette get
 * no such argument and act on the active panel.
 */
import type { ControlAction } from '../shared/protocol';

/** The command each panel button runs. */
export const PANEL_ACTION_COMMANDS = {
  disconnect: 'sseInspector.disconnect',
  reconnect: 'sseInspector.reconnect',
  clear: 'sseInspector.clear',
  export: 'sseInspector.exportEvents',
  saveProfile: 'sseInspector.saveProfile',
  connectAgain: 'sseInspector.connectAgain',
} as const satisfies Record<ControlAction, string>;

/** The argument a panel passes with its command: which panel (its session id). */
export interface PanelTarget {
  panelId: string;
}

/** Narrows a command argument (commands receive `unknown`; menus pass URIs and the like). */
export function isPanelTarget(value: unknown): value is PanelTarget {
  return typeof value === 'object' && value !== null && typeof (value as Partial<PanelTarget>).panelId === 'string';
}
