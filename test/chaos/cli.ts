// npm run chaos -- --seed N --messages M [--event-changes K] [--push] [--no-rules] [--verbose]
// --no-rules: the user changes no notification rule, so every message must notify (N = N).
// Runs the chaos suite once and prints its report; exit code 1 when anything was lost,
// duplicated, crashed or a reminder went wrong.
import { parseArgs } from 'node:util';
import { formatChaosReport, runChaos } from './run-chaos.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    messages: { type: 'string', default: '1000' },
    'event-changes': { type: 'string', default: '100' },
    push: { type: 'boolean', default: false },
    'no-rules': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
});

const seed = Number(values.seed);
const messages = Number(values.messages);
const eventChanges = Number(values['event-changes']);
if (!Number.isInteger(seed) || !Number.isInteger(messages) || messages < 1 || !Number.isInteger(eventChanges) || eventChanges < 0) {
  console.error('usage: npm run chaos -- --seed <integer> --messages <positive integer> [--event-changes <integer>] [--push] [--no-rules] [--verbose]');
  process.exit(2);
}

const report = await runChaos({ seed, messages, eventChanges, pushMode: values.push, rules: !values['no-rules'], ...(values.verbose ? { onProgress: (line: string) => console.log(line) } : {}) });
for (const line of formatChaosReport(report)) console.log(line);
if (!report.ok) {
  const { mail, reminders } = report.details;
  if (mail.lostIds.length > 0) console.log(`lost: ${mail.lostIds.slice(0, 20).join(', ')}`);
  if (mail.duplicatedIds.length > 0) console.log(`duplicated: ${mail.duplicatedIds.slice(0, 20).join(', ')}`);
  if (reminders.lostIds.length > 0) console.log(`reminders lost: ${reminders.lostIds.slice(0, 20).join(', ')}`);
  if (reminders.unexpectedIds.length > 0) console.log(`reminders unexpected: ${reminders.unexpectedIds.slice(0, 20).join(', ')}`);
  if (mail.notifiedAfterSuppressedIds.length > 0) console.log(`notified after a suppressing decision: ${mail.notifiedAfterSuppressedIds.slice(0, 20).join(', ')}`);
  const actions = report.reminderActions;
  for (const [label, list] of Object.entries({ snoozeLost: actions.snoozeLost, snoozeMistimed: actions.snoozeMistimed, doubleFires: actions.doubleFires, firedAfterDismiss: actions.firedAfterDismiss, firedAfterSuperseded: actions.firedAfterSuperseded, retractedUnshown: actions.retractedUnshown, notWrittenBack: actions.notWrittenBack, graphAhead: actions.graphAhead, firedAtOldTime: actions.firedAtOldTime, newTimeMissed: actions.newTimeMissed, changeUnseen: actions.changeUnseen })) {
    if (list.length > 0) console.log(`reminder actions ${label}: ${list.slice(0, 20).join(', ')}`);
  }
  for (const line of [...report.unhandled, ...report.engineErrors].slice(0, 20)) console.log(`error: ${line}`);
}
process.exit(report.ok ? 0 : 1);
