/**
 * Capture in the extension: the controller (one per window) and the commands it answers.
 * commands.ts and extension.ts take everything from here.
 */
import * as vscode from 'vscode';
import { captureMenu, captureStreamsCommand } from './captureCommand';
import { CAPTURE_MENU_COMMAND, type CaptureController } from './captureController';
import { COPY_CAPTURE_HINT_COMMAND, OPEN_CAPTURED_STREAM_COMMAND } from './captureTree';

export { CaptureController } from './captureController';

/** Handlers for commands.ts's table. */
export function captureCommands(controller: CaptureController, state: vscode.Memento): Record<string, (...args: never[]) => unknown> {
  return {
    'sseInspector.captureStreams': (args?: unknown) => captureStreamsCommand(controller, state, args),
    'sseInspector.stopCapture': () => controller.stop(),
    [CAPTURE_MENU_COMMAND]: () => captureMenu(controller),
    [OPEN_CAPTURED_STREAM_COMMAND]: (stream: number) => controller.openStream(stream),
    [COPY_CAPTURE_HINT_COMMAND]: async (text: string) => {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage(`Copied: ${text}`, 3000);
    },
  };
}
