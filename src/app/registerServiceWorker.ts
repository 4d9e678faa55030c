/**
 * Registers public/sw.js, which keeps the app shell so a second visit opens even when the
 * gateway is slow or down. Production builds only: on the dev server a cached shell would
 * hide every edit. Registration waits for `load` so it does not compete with startup,
 * and a failure only costs the offline shell, so it is logged, not thrown.
 *
 * @example
 * registerServiceWorker(); // in src/app/main.ts, after mounting the app
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    // Relative URL and scope: the site lives under the gateway path /<manifest id>/.
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((error: unknown) => {
      console.warn('service worker not registered; the site still works online', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
