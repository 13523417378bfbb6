// The two pause lengths offered in settings: the same functions the tray menu uses, from the core
// (a pure, import-free module), so "until tomorrow" means one thing everywhere.
export { pauseForOneHour, pauseUntilTomorrow } from '../../../main/core/notify/pause-until.ts';
