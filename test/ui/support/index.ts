// Everything a workbench UI test needs, from one import:
//   import { useWorkbench, runCommand, waitForNotification } from './support';
export { openWorkbench, useWorkbench, type Workbench, type WorkbenchOptions } from './workbench';
export { runCommand } from './palette';
export { answerInputBox, fillQuickInput, pickQuickItem, quickInputPrompt, waitForQuickInput, waitForQuickInputPrompt } from './quickInput';
export { webviewCount, webviewFrame } from './webview';
export { closeNotificationCenter, openNotificationCenter, readNotifications, waitForNotification } from './notifications';
export { saveScreenshot, SCREENSHOT_DIR } from './screenshots';
export { connectFromPalette, panelCounters, visibleRows, waitUntil, type PanelRow } from './panel';
