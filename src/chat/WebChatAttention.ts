/** Whether the person is looking, and how to reach them when not (new-message notices). */
export interface ChatAttention {
  /** True while the page is not visible (another tab, minimised). */
  hidden(): boolean;
  /** Shows a system notice if the person allowed them; otherwise does nothing. */
  notify(title: string, body: string): void;
  /** Whether notices can be asked for (supported and not yet decided). */
  canAsk(): boolean;
  /** Asks for permission; call from a click. */
  ask(): Promise<boolean>;
}

/**
 * The browser's attention: `document.visibilityState`, and `Notification` only when the
 * person has granted it (the app asks only from a click, never on load).
 *
 * @example
 * const attention = new WebChatAttention(document, globalThis.Notification);
 */
export class WebChatAttention implements ChatAttention {
  readonly #document: Document;
  readonly #notification: typeof Notification | undefined;

  constructor(document: Document, notification: typeof Notification | undefined) {
    this.#document = document;
    this.#notification = notification;
  }

  hidden(): boolean {
    return this.#document.visibilityState === 'hidden';
  }

  notify(title: string, body: string): void {
    const Notice = this.#notification;
    if (Notice === undefined || Notice.permission !== 'granted') return;
    // `tag` replaces an earlier notice of the same thread instead of stacking them.
    new Notice(title, { body, tag: title });
  }

  /** Whether notices can be asked for (supported and not yet decided). */
  canAsk(): boolean {
    return this.#notification !== undefined && this.#notification.permission === 'default';
  }

  /** Asks for permission; call from a click. */
  async ask(): Promise<boolean> {
    if (this.#notification === undefined) return false;
    return (await this.#notification.requestPermission()) === 'granted';
  }
}
