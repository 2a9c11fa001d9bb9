/**
 * What a panel opened from a .http file must remember beyond its connection options: which
 * header values came from a .env file. "Save as Profile…" keeps those out of SecretStorage too
 * (the profile asks for them at connect), so nothing from a .env file is written anywhere.
 * Weakly held: a closed panel is forgotten with it.
 */
import type { InspectorPanel } from '../panel/inspectorPanel';

export interface HttpOrigin {
  /** Header names whose values came from `{{$dotenv …}}`. */
  dotenvHeaders: string[];
}

const origins = new WeakMap<InspectorPanel, HttpOrigin>();

export function rememberHttpOrigin(panel: InspectorPanel, origin: HttpOrigin): void {
  origins.set(panel, origin);
}

/** Header values of this panel that must not be stored anywhere (empty for other panels). */
export function withheldHeaders(panel: InspectorPanel | undefined): string[] {
  return (panel && origins.get(panel)?.dotenvHeaders) ?? [];
}
