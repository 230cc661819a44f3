// The status page: reads /api/status and /api/history (read-only, no token) and draws them with uPlot.
'use strict';

const RANGES = { hour: { since: '1h', label: 'last hour' }, day: { since: '24h', label: 'last day' } };
const REFRESH_MS = 10000;
const MAX_LOG_ROWS = 200;
const UP = '#dc2626';
const DOWN = '#16a34a';

// One chart per policy input; thresholds are drawn as dashed lines (users' scale with the serving instances).
const CHARTS = [
  { key: 'users', title: 'Active users (sum)', color: '#2563eb', value: i => i.active_users,
    up: (t, i) => i.serving_instances == null ? null : t.users_up_per_instance * i.serving_instances,
    down: (t, i) => i.serving_instances == null ? null : t.users_down_per_instance * (i.serving_instances - 1) },
  { key: 'cpu', title: 'CPU % (mean)', color: '#7c3aed', value: i => i.cpu_usage, up: t => t.cpu_up, down: t => t.cpu_down, max: 100 },
  { key: 'gpu', title: 'GPU % (mean; empty when not reported)', color: '#0891b2', value: i => i.gpu_usage,
    up: t => t.gpu_up, down: t => t.gpu_down, max: 100 },
  { key: 'queue', title: 'Simulation queue (sum)', color: '#ea580c', value: i => i.simulation_queue_length,
    up: t => t.queue_up, down: () => 0 },
  { key: 'response', title: 'Response time, s (mean)', color: '#0d9488',
    value: i => i.avg_response_time_ms == null ? null : i.avg_response_time_ms / 1000,
    up: t => t.response_up_ms / 1000, down: t => t.response_down_ms / 1000 },
];

let range = 'hour';
const plots = {};
// The x axis spans the whole window asked for, not just the evaluations in it.
let windowSeconds = [0, 1];

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function usd(v) { return v == null ? '–' : '$' + Number(v).toFixed(2); }
function time(iso) { return new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }); }
function duration(s) {
  if (s == null) return '–';
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}
function num(v) { return v == null ? '–' : (Number.isInteger(v) ? String(v) : Number(v).toFixed(1)); }

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function cell(node) { const td = el('td'); td.append(node); return td; }

function showStatus(s) {
  document.getElementById('mode').textContent = s.mode + (s.dry_run ? ' · DRY_RUN' : '');
  document.getElementById('mode').className = 'badge ' + (s.mode === 'normal' ? 'ok' : 'warn');
  document.getElementById('updated').textContent = 'last tick ' + time(s.at);
  const c = s.cost || {};
  document.getElementById('cost-so-far').textContent = usd(c.so_far_usd);
  document.getElementById('cost-month').textContent = c.month ? c.month + ' (UTC), usage and storage' : '';
  document.getElementById('cost-projected').textContent = usd(c.projected_month_usd);
  document.getElementById('cost-budget').textContent = c.budget_usd == null ? 'no budget set' : 'budget ' + usd(c.budget_usd);
  document.getElementById('cost-rate').textContent = usd(s.cost_rate_usd_per_hour) + '/h';
  document.getElementById('instance-hours').textContent = c.instance_hours == null ? '' : num(c.instance_hours) + ' instance-hours this month';
  const d = s.last_decision || {};
  const outcome = document.getElementById('last-outcome');
  outcome.textContent = d.outcome || '–';
  outcome.className = 'value outcome-' + (d.outcome || 'none');
  document.getElementById('last-reasons').textContent = (d.reasons || []).join('; ');
  document.getElementById('cooldown').textContent = s.cooldown_seconds_left + ' s';
  document.getElementById('metric-failures').textContent = (s.metric_failures || []).length ? 'read failed: ' + s.metric_failures.join('; ') : 'metrics read';
  const tbody = document.querySelector('#instances tbody');
  tbody.replaceChildren(...s.instances.map(m => {
    const tr = el('tr');
    tr.append(el('td', m.id, 'mono'), el('td', m.role), cell(el('span', m.state, 'badge state-' + m.state)),
      el('td', m.phase), el('td', m.health), el('td', m.routed ? 'yes' : 'no'),
      el('td', m.running_simulations == null ? '–' : String(m.running_simulations)),
      el('td', duration(m.uptime_seconds)), el('td', usd(m.cost_month_usd)));
    return tr;
  }));
}

function seriesOf(history) {
  const t = history.thresholds;
  const rows = history.decisions.filter(d => d.inputs && d.inputs.instances != null);
  const x = rows.map(d => Date.parse(d.at) / 1000);
  const out = { x };
  CHARTS.forEach(c => {
    out[c.key] = [x,
      rows.map(d => c.value(d.inputs) ?? null),
      rows.map(d => c.up(t, d.inputs) ?? null),
      rows.map(d => c.down(t, d.inputs) ?? null)];
  });
  out.instances = [x, rows.map(d => d.inputs.instances), rows.map(d => d.inputs.serving_instances ?? null),
    rows.map(() => t.max_instances)];
  return out;
}

function chartWidth(container) { return Math.max(280, container.clientWidth - 24); }

// Every box is laid out before any chart is sized: a lone box in the grid would span the whole row.
function makePlots(specs) {
  const boxes = specs.map(spec => {
    const box = el('div', null, 'chart');
    box.dataset.chart = spec.key;
    document.getElementById('charts').append(box);
    return box;
  });
  specs.forEach((spec, i) => {
    const opts = {
      title: spec.title, width: chartWidth(boxes[i]), height: 190,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => windowSeconds.slice() }, y: { range: (u, lo, hi) => [0, Math.max(spec.max || 1, (hi || 0) * 1.1)] } },
      axes: [{ stroke: '#475569', grid: { stroke: '#e2e8f0' } }, { stroke: '#475569', grid: { stroke: '#e2e8f0' }, size: 48 }],
      series: [{}].concat(spec.series),
    };
    plots[spec.key] = { plot: new uPlot(opts, spec.data, boxes[i]), box: boxes[i] };
  });
}

function drawCharts(history) {
  windowSeconds = [Date.parse(history.since) / 1000, Date.parse(history.until) / 1000];
  const data = seriesOf(history);
  if (Object.keys(plots).length === 0) {
    makePlots(CHARTS.map(c => ({ key: c.key, title: c.title, max: c.max, data: data[c.key], series: [
      { label: c.key, stroke: c.color, width: 2, fill: c.color + '18', spanGaps: false },
      { label: 'scale-up threshold', stroke: UP, width: 1.5, dash: [6, 4], points: { show: false } },
      { label: 'scale-down threshold', stroke: DOWN, width: 1.5, dash: [6, 4], points: { show: false } },
    ] })).concat([{ key: 'instances', title: 'Instances over time', max: 2, data: data.instances, series: [
      { label: 'active', stroke: '#1e293b', width: 2, fill: '#1e293b14', paths: uPlot.paths.stepped({ align: 1 }) },
      { label: 'serving', stroke: '#16a34a', width: 2, dash: [2, 3], paths: uPlot.paths.stepped({ align: 1 }) },
      { label: 'max', stroke: '#94a3b8', width: 1, dash: [4, 4], points: { show: false } },
    ] }]));
  } else {
    CHARTS.forEach(c => plots[c.key].plot.setData(data[c.key]));
    plots.instances.plot.setData(data.instances);
  }
  document.body.dataset.chartsDrawn = String(data.x.length);
}

function summary(inputs) {
  if (!inputs) return '';
  const parts = [];
  if (inputs.active_users != null) parts.push('users ' + inputs.active_users);
  if (inputs.cpu_usage != null) parts.push('cpu ' + num(inputs.cpu_usage) + '%');
  if (inputs.gpu_usage != null) parts.push('gpu ' + num(inputs.gpu_usage) + '%');
  if (inputs.simulation_queue_length != null) parts.push('queue ' + inputs.simulation_queue_length);
  if (inputs.avg_response_time_ms != null) parts.push('resp ' + num(inputs.avg_response_time_ms / 1000) + ' s');
  if (inputs.instances != null) parts.push('instances ' + inputs.instances);
  return parts.join(' · ');
}

// The loop decides every poll, mostly "none" for the same reasons: the log keeps each action and each change of reasons.
function changes(decisions) {
  let previous = null;
  return decisions.filter(d => {
    const key = d.outcome + '|' + d.reasons.join('; ');
    const keep = d.outcome !== 'none' || key !== previous;
    previous = key;
    return keep;
  });
}

function showLogs(history) {
  const decisions = changes(history.decisions).slice(-MAX_LOG_ROWS).reverse();
  document.querySelector('#decisions tbody').replaceChildren(...decisions.map(d => {
    const tr = el('tr');
    tr.append(el('td', time(d.at), 'mono nowrap'), cell(el('span', d.outcome, 'badge outcome-' + d.outcome)),
      el('td', d.reasons.join('; ')), el('td', summary(d.inputs), 'muted'));
    return tr;
  }));
  const actions = history.actions.slice(-MAX_LOG_ROWS).reverse();
  const tbody = document.querySelector('#actions tbody');
  if (actions.length === 0) {
    tbody.replaceChildren(Object.assign(el('tr'), { innerHTML: '<td colspan="5" class="muted">no action in this range</td>' }));
    return;
  }
  tbody.replaceChildren(...actions.map(a => {
    const tr = el('tr');
    tr.append(el('td', time(a.at), 'mono nowrap'), el('td', a.kind), el('td', a.machine, 'mono'),
      cell(el('span', a.result || 'running', 'badge result-' + (a.result || 'running'))), el('td', a.detail || ''));
    return tr;
  }));
}

function problem(message) {
  const box = document.getElementById('problem');
  box.hidden = !message;
  box.textContent = message ? 'Cannot read the autoscaler: ' + message : '';
}

async function refresh() {
  try {
    const [status, history] = await Promise.all([getJson('/api/status'), getJson('/api/history?since=' + RANGES[range].since)]);
    showStatus(status);
    drawCharts(history);
    showLogs(history);
    problem(null);
  } catch (e) {
    problem(e.message);
  }
}

document.querySelectorAll('#range button').forEach(b => b.addEventListener('click', () => {
  range = b.dataset.range;
  document.querySelectorAll('#range button').forEach(o => o.classList.toggle('selected', o === b));
  document.getElementById('range-label').textContent = RANGES[range].label;
  refresh();
}));

window.addEventListener('resize', () => Object.values(plots).forEach(p => p.plot.setSize({ width: chartWidth(p.box), height: 190 })));

refresh();
setInterval(refresh, REFRESH_MS);
