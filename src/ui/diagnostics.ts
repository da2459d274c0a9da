// The engine without the lab UI: exposes the client, its events and the runs store on
// `window.lab` so browser tests (and curious developers, from the console) can drive the
// worker command by command. `?faults=1` enables the fault-injection command.
import { EngineClient } from '../engine/client';
import type { EngineEvent } from '../engine/protocol';
import { RunsDb } from '../engine/storage/runs-db';

import './diagnostics-global';

const faultInjection = new URLSearchParams(location.search).get('faults') === '1';
const client = new EngineClient({ faultInjection });
const events: EngineEvent[] = [];
const log = document.getElementById('log');
client.subscribe((event) => {
  events.push(event);
  if (log && event.type !== 'metrics') log.textContent += `${JSON.stringify(event).slice(0, 300)}\n`;
});
let db: Promise<RunsDb> | undefined;
window.lab = { client, events, runs: () => (db ??= RunsDb.open()) };
