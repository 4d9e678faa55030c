import type { BrowserContext } from 'playwright-core';

/** Site config fields to change, each merged one level deep (`{ media: { moveAt: 2 } }`). */
export type SiteConfigPatch = Record<string, Record<string, unknown>>;

/**
 * Changes what the app reads from `config.json` in every page of `context`, in the page
 * itself: the app's own `fetch` of it is answered with the patched JSON. Not `context.route`:
 * a route makes Playwright pause every request of the context (chain reads, the gate) until
 * the test process lets it go on, which a busy test process delays by seconds.
 *
 * @example
 * await overrideSiteConfig(person.context, { media: { moveAt: 2 } });
 */
export async function overrideSiteConfig(
  context: BrowserContext,
  patch: SiteConfigPatch,
): Promise<void> {
  await context.addInitScript({
    content: `
(() => {
  const patch = ${JSON.stringify(patch)};
  const fetch = window.fetch;
  window.fetch = async function (input, init) {
    const response = await fetch.call(this, input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!new URL(url, location.href).pathname.endsWith('/config.json') || !response.ok) return response;
    const config = await response.json();
    for (const [key, fields] of Object.entries(patch)) config[key] = { ...config[key], ...fields };
    return new Response(JSON.stringify(config), { status: 200, headers: response.headers });
  };
})();
`,
  });
}
