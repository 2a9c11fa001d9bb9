/** The text of `sse-inspector --help`. */
export const HELP = `sse-inspector: record a Server-Sent Events stream as NDJSON, and serve it again

Usage:
  sse-inspector record <url> [options]
  sse-inspector serve <file.ndjson>... [options]
  sse-inspector proxy --target URL [--listen 127.0.0.1:PORT] [-o FILE] [-k]
                             capture the streams an app opens (see proxy --help)
  sse-inspector check FILE... [--junit out.xml] [--grep NAME] [--parallel N] [--record DIR]
  sse-inspector merge <recording.ndjson> [--text] [--merge FORMAT] [--merge-path P] [--merge-end M]
  sse-inspector --help

Prints one JSON object per line: the records of the connection, in order. "kind" is one of
  event       kind, seq, time (ms since epoch), type, data, lastEventId, size, id (when the
              block had one), truncated (when data was cut at --max-event-bytes)
  comment     text                          retry       retry (ms)
  connecting  url, method, requestHeaders (secrets masked), attempt, lastEventId
  open        url (after redirects), status, statusText, headers, redirected
  error       message, hint, code, status/statusText/headers/bodyPreview (HTTP failures),
              willReconnect, reconnectInMs, reconnectAt
  closed      reason (stopped, failed, no-content, ended, max-attempts, max-events, timeout), message
  diagnostic  code, severity, message, hint: a problem the stream linter found (once per code;
              seq is the record it is about). On by default; --no-diagnostics turns it off
  chunk       bytes, text, offset: the raw bytes of each chunk, before the records it completed
              (only with --raw; seq is the record before it; text keeps each invalid byte as
              the character U+DC80+byte)
  merged      an LLM stream's answer, one per connection, when its terminal event arrives or the
              stream ends: format, model, text, refusal, reasoning, toolCalls, finishReason,
              status, usage, error, complete, timing, choices (n > 1), gaps, rpc (JSON-RPC)

Request:
  -X, --method METHOD        HTTP method (default GET, or POST when -d is given)
  -H, --header 'Name: value' request header; repeatable
      --secret-header NAME   also mask this header's value in the records (Authorization,
                             Cookie and names with token, secret or key are always masked);
                             repeatable
  -d, --data BODY            request body; @FILE reads it from FILE
      --last-event-id ID     Last-Event-ID to send on the first request
  -k, --insecure             do not check TLS certificates (self-signed local servers)
      --proxy URL            send requests through this HTTP proxy

Stopping and reconnecting:
      --max-events N         stop after N events (exit 0)
      --timeout SECONDS      stop after this long (exit 0)
      --no-reconnect         stop at the end of the stream (exit 0) or on the first error (exit 1)
      --retry MS             reconnection delay instead of the default 3000 ms; a server's
                             "retry" field still wins, as in a browser
      --max-attempts N       give up after N reconnects in a row without an open stream (exit 1)
      --connect-timeout SECONDS  fail an attempt that gets no response headers in time
      --idle-timeout SECONDS     fail an open stream that sends nothing for this long
      --max-event-bytes N    cut the data of larger events (default 16777216)

Output:
  -o, --output FILE          write NDJSON to FILE instead of stdout
      --raw                  also write a chunk record for each chunk of bytes received
      --no-diagnostics       do not write diagnostic records

LLM streams (record and merge):
      --merge FORMAT         auto (default), off, or one of openai-chat, openai-responses,
                             anthropic, gemini, ai-sdk, custom, json-rpc
      --merge-path JSONPATH  custom format: where each event's text delta is, e.g.
                             '$.choices[0].delta.content' (implies --merge custom)
      --merge-end MARKER     custom format: the data of the terminal event, e.g. '[DONE]'
      --text                 merge: print only the merged text of each stream

Exit status: 0 when stopped by --max-events, --timeout, the end of the stream with
--no-reconnect, the end of an LLM stream after its terminal event (never reconnected: that
would ask the model again), or a 204 response; 1 when the connection failed for good (bad
URL, refused, non-200 status, wrong Content-Type, too many attempts), with a one-line reason
on stderr; 2 for a usage error; 130 when interrupted (Ctrl+C). merge exits 1 when the
recording holds no LLM stream.

Stream checks (*.ssecheck.yaml or .json; see README, "Stream checks"):
      --junit FILE           also write a JUnit XML report
      --grep PATTERN         run only the checks whose name matches (a regex)
      --parallel N           run N checks at a time (default 4)
      --record DIR           keep each check's records as DIR/<file>--<check>.ndjson
  One line per check (PASS, or FAIL with file:line:column, the expectation, what was expected,
  what came, and the seq of the event at fault), then a summary. Exit status: 0 all passed,
  1 a check failed, 2 a file is invalid (each problem with its line and column) or bad usage.
  Profiles cannot be used here (their secrets live in VS Code): write \${env:NAME} instead.

Serve (replay recordings as a local SSE server, until Ctrl+C):
      --port N               port to listen on (default: a free one); the URL is the first
                             line on stdout (one line per recording)
      --host ADDRESS         address to listen on (default 127.0.0.1; others get a warning)
      --path /PATH           answer only at this path (default: any path; with several
                             recordings, each is at /<file name> below it)
      --speed X              2 = twice as fast, 0.5 = half as fast, 0 = no waiting (default 1)
      --loop                 start over after the last event instead of ending the response
  Faults, as flags or per request as query parameters (?drop-after=3&line-endings=cr&bom=1):
      --drop-after N         after N events, send half of the next one and cut the connection
      --chunk-bytes K|random send every K bytes (or random sizes) as a separate write
      --line-endings lf|crlf|cr
      --bom                  start the body with a UTF-8 byte order mark
      --stall-after N:SECONDS  go silent after N events for SECONDS, then go on
      --fail-first N:STATUS  answer the first N requests (OPTIONS aside) with STATUS and HTML
      --gzip                 gzip the body, flushed after every event
  Any method is accepted; Last-Event-ID resumes after the first event with that id; CORS
  headers let a page on another origin use EventSource. Exit status: 0 when interrupted,
  1 when it cannot listen (port in use), 2 for a usage error or a file that cannot be served.

Examples:
  npx sse-inspector check api.ssecheck.yaml --junit checks.xml
  npx sse-inspector record http://localhost:3000/events --max-events 10
  npx sse-inspector merge chat.ndjson --text
  npx sse-inspector serve run.ndjson --port 4000 --speed 2
`;
