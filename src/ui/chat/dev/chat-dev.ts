// A development page for the chat alone, until the room view mounts ChatPanel: built by the
// chat e2e test and bench next to the app (not part of the deployed site). It wires what
// the lead's composition root will: the wallet, the chat service, a room directory on Gun,
// and the allowlist as the roster.
import { mount } from 'svelte';
import { createServices } from '../../../app/services.ts';
import { parseAppConfig } from '../../../core/config.ts';
import '../../app.css';
import ChatDev from './ChatDev.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('chat-dev.html has no #app element');
const response = await fetch('./config.json', { cache: 'no-cache' });
const config = parseAppConfig(await response.json());
const services = createServices(config, window);
window.addEventListener('pagehide', () => services.scope.end());
mount(ChatDev, { target, props: { services } });
