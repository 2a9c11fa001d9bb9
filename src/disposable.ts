import type * as vscode from 'vscode';

/**
 * Base for objects that own VS Code resources: everything they create is registered once with
 * `_register` and released together by `dispose()`, in reverse order of creation.
 */
export abstract class Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.disposables.length > 0) {
      try {
        this.disposables.pop()?.dispose();
      } catch (error) {
        // One failing resource must not keep the others alive.
        console.error('[sse-inspector] dispose failed', error);
      }
    }
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) {
      disposable.dispose();
    } else {
      this.disposables.push(disposable);
    }
    return disposable;
  }
}
