import { getContext, setContext } from 'svelte';
import type { Services } from './Services.ts';

const SERVICES = Symbol('services');

/** Hands the services built once by the composition root to every component below. */
export function setServices(services: Services): void {
  setContext(SERVICES, services);
}

/** The app's services; only valid inside the component tree mounted by main.ts. */
export function getServices(): Services {
  const services = getContext<Services | undefined>(SERVICES);
  if (!services) throw new Error('getServices() called outside the app tree');
  return services;
}
