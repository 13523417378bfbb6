// Entry point: connect the bridge (Electron preload or web host socket), create the state,
// mount the popup. No inline script anywhere: the hosts serve `script-src 'self'`.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { Bridge } from './bridge/bridge.ts';
import { attachNetworkOnline } from './bridge/network-online.ts';
import { AppState } from './state/app-state.svelte.ts';
import { attachBrowserNotifications } from './notifications/browser-notifications.ts';

const app = new AppState(Bridge.connect());
const target = document.getElementById('app');
if (target) {
  mount(App, { target, props: { app } });
  attachBrowserNotifications(app.bridge, () => window.focus());
  attachNetworkOnline(app.bridge, window);
  void app.start();
}
