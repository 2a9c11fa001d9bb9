/**
 * What the extension wires from the .http file support: the CodeLens, the commands and what
 * "Save as Profile…" must hold back for panels opened from a .http file.
 */
export { HttpRequestCodeLensProvider, HTTP_FILE_SELECTOR } from './httpRequestCodeLens';
export { inspectHttpRequest, INSPECT_HTTP_REQUEST_COMMAND, type InspectHttpOptions } from './inspectHttpRequest';
export { HttpEnvironments } from './httpEnvironment';
export { copyAsCurl } from './copyAsCurl';
export { withheldHeaders } from './httpOrigins';
