// Entry point: connect the bridge (Electron preload or web host socket), create the state,
// mount the popup. No inline script anywhere: the hosts serve `script-src 'self'`.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { Bridge } from './bridge/bridge.ts';
import { attachNetworkOnline } from './bridge/network-online.ts';
import { AppState } from './state/app-state.svelte.ts';
import { attachBrowserNotifications } from './notifications/browser-notifications.ts';
import { openingTarget } from './lib/opening-target.ts';

const app = new AppState(Bridge.connect());
const target = document.getElementById('app');
if (target) {
  mount(App, { target, props: { app } });
  attachBrowserNotifications(app.bridge, () => window.focus());
  attachNetworkOnline(app.bridge, window);
  // Opened by the web host for a notification click: go where it was for, once (the fragment is
  // cleared so a reload opens the inbox).
  const opening = openingTarget(window.location.hash);
  if (opening) history.replaceState(null, '', window.location.pathname + window.location.search);
  void app.start().then(() => {
    if (opening) app.navigate(opening);
  });
}
