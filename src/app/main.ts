import { mount } from 'svelte';
import { parseAppConfig } from '../core/config.ts';
import { describeError } from '../core/messages.ts';
import App from '../ui/App.svelte';
import ConfigError from '../ui/ConfigError.svelte';
import '../ui/app.css';
import { gatewaySandboxUrl } from './gatewaySandboxUrl.ts';
import { registerServiceWorker } from './registerServiceWorker.ts';
import { createServices } from './services.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// config.json sits beside index.html, so one build serves every deployment (docs/decisions.md).
try {
  const response = await fetch('./config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = parseAppConfig(await response.json());
  // A gateway serving every site from one origin would share our storage and service worker
  // with them: move to this site's own subdomain before anything is stored.
  const sandbox = gatewaySandboxUrl(location.href, config.arweaveGateways);
  if (sandbox !== null) {
    location.replace(sandbox);
  } else {
    const services = createServices(config, window);
    window.addEventListener('pagehide', () => services.scope.end());
    mount(App, { target, props: { services } });
    registerServiceWorker();
  }
} catch (error) {
  console.error(error);
  mount(ConfigError, { target, props: { message: describeError(error), error } });
}
