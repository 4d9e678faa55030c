import type { Scope } from '../../core/Scope.ts';
import type { ThreadStore } from '../../stores/chat.svelte.ts';

/**
 * Marks a shown thread active (read) while the page is visible, and inactive while hidden
 * or once `scope` ends, so unread counts and notices follow what the person sees.
 */
export function followThreadActivity(thread: ThreadStore, document: Document, scope: Scope): void {
  const update = () => thread.setActive(document.visibilityState === 'visible');
  update();
  document.addEventListener('visibilitychange', update, { signal: scope.signal });
  scope.add(() => thread.setActive(false));
}
