/**
 * What the extension wires from the NestJS features: the two scaffolding commands, the
 * "Inspect stream" CodeLens and the argument type of `sseInspector.inspectRoute`.
 */
export { insertSseEndpoint } from './insertSseEndpoint';
export { newSseController } from './newSseController';
export { SseRouteCodeLensProvider, INSPECT_ROUTE_COMMAND } from './sseRouteCodeLens';
export { isInspectRouteArgs, type InspectRouteArgs } from './analysis/inspectRouteArgs';
export { newReplayController } from './newReplayController';
