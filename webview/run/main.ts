// The run panel: one run's info, params and latest metrics as tables. Every string from the store
// is set as text, never parsed as HTML.
import type { RunPanelMessage, RunPanelMetric, RunPanelRequest, RunPanelRow, RunPanelRun } from '../../src/protocol/runPanel';
import { connectToHost } from '../shared/vscodeApi';

const host = connectToHost<RunPanelRequest>();
const root = document.getElementById('root') ?? document.body;

window.addEventListener('message', (event: MessageEvent<RunPanelMessage>) => {
  const message = event.data;
  switch (message?.type) {
    case 'run':
      root.replaceChildren(...renderRun(message.run));
      break;
    case 'error':
      root.replaceChildren(element('p', { className: 'error', text: message.message }));
      break;
  }
});

host.postMessage({ type: 'ready' });

function renderRun(run: RunPanelRun): Node[] {
  const title = element('h1', { text: run.runName || run.runId });
  title.append(' ', element('span', { className: `status status-${run.status.toLowerCase()}`, text: run.status.toLowerCase() }));
  return [
    title,
    section('Run', table([], infoRows(run))),
    section('Parameters', run.params.length ? table(['Name', 'Value'], run.params.map(paramRow)) : empty('No parameters logged.')),
    section('Metrics', run.metrics.length ? table(['Name', 'Value', 'Step', 'Logged'], run.metrics.map(metricRow)) : empty('No metrics logged.')),
  ];
}

function infoRows(run: RunPanelRun): Node[][] {
  const rows: Node[][] = [
    [text('Run ID'), code(run.runId)],
    [text('Experiment'), text(run.experimentName)],
  ];
  if (run.stage !== undefined) rows.push([text('Stage'), text(run.stage)]);
  if (run.parent !== undefined) rows.push([text('Pipeline run'), runLink(run.parent.runId, run.parent.runName)]);
  rows.push([text('Started'), text(run.started)], [text('Ended'), text(run.ended || '—')], [text('Duration'), text(run.duration)]);
  if (run.gitCommit !== undefined) rows.push([text('Git commit'), code(run.gitCommit)]);
  return rows;
}

const paramRow = (param: RunPanelRow): Node[] => [text(param.key), code(param.value)];
const metricRow = (metric: RunPanelMetric): Node[] => [text(metric.key), code(metric.value), text(String(metric.step)), text(metric.logged)];

function runLink(runId: string, runName: string): Node {
  const link = element('a', { text: runName || runId });
  link.href = '#';
  link.addEventListener('click', (event) => {
    event.preventDefault();
    host.postMessage({ type: 'openRun', runId });
  });
  return link;
}

function section(heading: string, body: Node): HTMLElement {
  const node = element('section');
  node.append(element('h2', { text: heading }), body);
  return node;
}

function table(headings: string[], rows: Node[][]): HTMLTableElement {
  const node = element('table');
  if (headings.length > 0) {
    const head = node.createTHead().insertRow();
    for (const heading of headings) head.append(element('th', { text: heading }));
  }
  const body = node.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    for (const cell of cells) row.insertCell().append(cell);
  }
  return node;
}

const empty = (message: string): HTMLElement => element('p', { className: 'empty', text: message });
const text = (value: string): Node => document.createTextNode(value);
const code = (value: string): Node => element('code', { text: value });

function element<K extends keyof HTMLElementTagNameMap>(tag: K, opts: { className?: string; text?: string } = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (opts.className !== undefined) node.className = opts.className;
  if (opts.text !== undefined) node.textContent = opts.text;
  return node;
}
