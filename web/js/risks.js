// Risks (procedure steps 4–8): the risk matrix as a heat map (likelihood × consequence, counts
// of the organisation's scenarios per cell, coloured by the matrix's level), the register as a
// sortable, filterable table, and the assessment form, which asks the server for the derived
// fields as the user types (POST …/risks/preview saves nothing) and saves with POST …/risks.

import {get, post, orgPath, getAll, downloadHref} from './api.js';
import {t, term, termKeys, LEVELS, levelText, levelIndex, likelihoodText, consequenceText, getLang, pick} from './i18n.js';
import {h, append, field, clear, levelBadge, statusLine, errorText, errorBox, tableWrap, pageTitle, stepsNote, fmtDate, todayISO} from './dom.js';

const DIMS = ['availability', 'confidentiality', 'integrity', 'authenticity'];
const DEFAULT_LEVELS = [
	['Lav', 'Lav', 'Medium', 'Høj'],
	['Lav', 'Medium', 'Medium', 'Høj'],
	['Medium', 'Medium', 'Høj', 'Kritisk'],
	['Medium', 'Høj', 'Kritisk', 'Kritisk'],
];

export async function render(view, ctx) {
	const state = {
		ctx, risks: [], nodes: [], threats: [], overview: null,
		mode: 'residual', cell: null, sort: {col: 'residual', desc: true},
		filter: {text: '', level: '', overdue: false}, focus: ctx.params.get('risk'),
	};
	view.append(pageTitle(t('risks_title')), stepsNote([4, 5, 7, 8]));
	state.matrixBox = h('section', {class: 'card', id: 'risk-matrix', 'aria-labelledby': 'risk-matrix-h'});
	state.registerBox = h('section', {class: 'card', id: 'risk-register', 'aria-labelledby': 'risk-register-h'});
	state.formBox = h('div', {class: 'assess-area'});
	view.append(h('div', {class: 'risk-top'}, state.matrixBox, state.formBox), state.registerBox);
	await reload(state);
	if (ctx.can.risks) renderForm(state);
	else state.formBox.remove();
}

async function reload(state) {
	const {ctx} = state;
	const [risks, ov, nodes, threats] = await Promise.allSettled([
		getAll(orgPath(ctx.org, 'risks')),
		get(orgPath(ctx.org, 'overview')),
		getAll(orgPath(ctx.org, 'nodes')),
		getAll(orgPath(ctx.org, 'threats')),
	]);
	if (risks.status === 'rejected') {
		clear(state.registerBox).append(errorBox(risks.reason));
		state.risks = [];
	} else {
		state.risks = risks.value;
	}
	state.overview = ov.status === 'fulfilled' ? ov.value : null;
	state.nodes = nodes.status === 'fulfilled' ? nodes.value : [];
	state.threats = threats.status === 'fulfilled' ? threats.value : [];
	renderMatrix(state);
	if (risks.status === 'fulfilled') renderRegister(state);
}

const maxOf = (c) => (c ? Math.max(...DIMS.map((d) => Number(c[d]) || 0)) : 0);

/* [likelihood, consequence] of a risk before measures. */
function inherentLC(r) {
	return [Number(r.likelihood ?? r.suggested_likelihood) || 0, maxOf(r.consequence)];
}

/* [likelihood, consequence] after measures; the inherent values where no residual is given. */
function residualLC(r) {
	const [l, c] = inherentLC(r);
	if (!r.residual) return [l, c];
	return [Number(r.residual.likelihood ?? l) || 0, r.residual.consequence ? maxOf(r.residual.consequence) : c];
}

function cellOf(state, r) {
	return state.mode === 'inherent' ? inherentLC(r) : residualLC(r);
}

function renderMatrix(state) {
	const box = clear(state.matrixBox);
	const hm = state.overview && state.overview.heatmap;
	const levels = (hm && hm.levels) || DEFAULT_LEVELS;
	const n = levels.length;
	const counts = Array.from({length: n}, () => Array(n).fill(0));
	let unscored = 0;
	for (const r of state.risks) {
		const [l, c] = cellOf(state, r);
		if (l >= 1 && l <= n && c >= 1 && c <= n) counts[l - 1][c - 1] += 1;
		else unscored += 1;
	}
	// the server's residual counts cover the whole register, even past what was loaded
	if (state.mode === 'residual' && hm && hm.cells && state.risks.total > state.risks.length) {
		for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) counts[i][j] = hm.cells[i][j];
		unscored = hm.unscored || 0;
	}

	const modeName = 'matrix-mode';
	const radios = h('fieldset', {class: 'inline'}, h('legend', null, t('matrix_which')),
		['residual', 'inherent'].map((m) => {
			const id = 'matrix-' + m;
			const r = h('input', {type: 'radio', name: modeName, id, value: m, checked: state.mode === m});
			r.addEventListener('change', () => {
				state.mode = m;
				state.cell = null;
				renderMatrix(state);
				renderRegister(state);
				document.getElementById(id).focus();
			});
			return h('span', {class: 'radio'}, r, h('label', {for: id}, t(m === 'residual' ? 'matrix_residual' : 'matrix_inherent')));
		}));

	const table = h('table', {class: 'heatmap', id: 'heatmap'},
		h('caption', null, t('matrix_caption')));
	const head = h('tr', null, h('td', {class: 'corner'}, h('span', {class: 'axis'}, t('likelihood') + ' ↓ / ' + t('consequence') + ' →')));
	for (let c = 1; c <= n; c++) head.append(h('th', {scope: 'col'}, n === 4 ? consequenceText(c) : String(c)));
	table.append(h('thead', null, head));
	const tbody = h('tbody');
	for (let l = n; l >= 1; l--) {
		const tr = h('tr', null, h('th', {scope: 'row'}, n === 4 ? likelihoodText(l) : String(l)));
		for (let c = 1; c <= n; c++) {
			const lvl = levels[l - 1][c - 1];
			const cnt = counts[l - 1][c - 1];
			const active = state.cell && state.cell[0] === l && state.cell[1] === c;
			const btn = h('button', {
				type: 'button', class: 'cell lvl-' + levelIndex(lvl) + (cnt ? '' : ' zero'),
				'aria-pressed': active ? 'true' : 'false',
				'aria-label': t('matrix_cell', {l, c, n: cnt, shown: lvl, lvl: levelText(lvl)}),
				dataset: {l: String(l), c: String(c), count: String(cnt)},
				onclick: () => {
					state.cell = active ? null : [l, c];
					renderMatrix(state);
					renderRegister(state);
					const again = state.matrixBox.querySelector('button[data-l="' + l + '"][data-c="' + c + '"]');
					if (again) again.focus();
				},
			}, h('span', {class: 'count'}, String(cnt)), ' ', h('span', {class: 'cell-level'}, lvl));
			tr.append(h('td', null, btn));
		}
		tbody.append(tr);
	}
	table.append(tbody);
	append(box, [h('h2', {id: 'risk-matrix-h'}, t('matrix_title')), radios, h('div', {class: 'heatmap-wrap'}, table),
		unscored ? h('p', {class: 'meta'}, t('matrix_unscored', {n: unscored})) : null]);
}

const COLS = [
	['id', 'Id', (r) => r.id],
	['title', 'title', (r) => r.title || ''],
	['node', 'node', (r) => r.node || ''],
	['inherent', 'inherent_level', (r) => levelIndex(r.inherent_level)],
	['residual', 'residual_level', (r) => levelIndex(r.residual_level)],
	['decision', 'decision', (r) => r.decision || ''],
	['owner', 'owner', (r) => r.owner || ''],
	['treatment_due', 'treatment_due', (r) => r.treatment_due || ''],
	['overdue', 'overdue', (r) => (r.overdue ? 1 : 0)],
	['escalate_to', 'escalate_to', (r) => pick(r, 'escalate_to')],
];

function filtered(state) {
	const {text, level, overdue} = state.filter;
	const q = text.trim().toLowerCase();
	return state.risks.filter((r) => {
		if (level && r.residual_level !== level) return false;
		if (overdue && !r.overdue) return false;
		if (state.cell) {
			const [l, c] = cellOf(state, r);
			if (l !== state.cell[0] || c !== state.cell[1]) return false;
		}
		if (q) {
			const hay = [r.id, r.title, r.node, r.owner, r.threat, r.assessor].join(' ').toLowerCase();
			if (!hay.includes(q)) return false;
		}
		return true;
	});
}

function renderRegister(state) {
	const box = state.registerBox;
	const hadFocus = box.contains(document.activeElement) ? document.activeElement.id || document.activeElement.dataset.col : null;
	clear(box);
	box.append(h('h2', {id: 'risk-register-h'}, t('register_title')),
		h('p', {class: 'downloads no-print'},
			h('a', {class: 'button secondary', id: 'register-xlsx', download: '', href: downloadHref(orgPath(state.ctx.org, 'register')) + '?format=xlsx'},
				t('download_xlsx') + ' – ' + t('register_title')), ' ',
			h('a', {class: 'button secondary', id: 'risks-xlsx', download: '', href: downloadHref(orgPath(state.ctx.org, 'risks')) + '?format=xlsx'},
				t('download_xlsx') + ' – ' + t('risks_title')), ' ',
			h('a', {class: 'button secondary', id: 'register-pdf', download: '', href: downloadHref(orgPath(state.ctx.org, 'register')) + '?format=pdf'},
				t('download_pdf') + ' – ' + t('register_title'))));

	const text = field(t('filter_text'), 'input', {type: 'search', id: 'risk-filter-text', value: state.filter.text, autocomplete: 'off'});
	const level = field(t('filter_level'), 'select', {id: 'risk-filter-level'},
		[['', t('filter_all')], ...LEVELS.map((l) => [l, levelText(l)])]);
	level.control.value = state.filter.level;
	const od = field(t('filter_overdue'), 'input', {type: 'checkbox', id: 'risk-filter-overdue', checked: state.filter.overdue});
	text.control.addEventListener('input', () => {
		state.filter.text = text.control.value;
		renderRows(state);
	});
	level.control.addEventListener('change', () => {
		state.filter.level = level.control.value;
		renderRows(state);
	});
	od.control.addEventListener('change', () => {
		state.filter.overdue = od.control.checked;
		renderRows(state);
	});
	const filters = h('div', {class: 'filters'}, text, level, od);
	if (state.cell) {
		filters.append(h('div', {class: 'field chip'},
			h('span', null, t('filter_cell', {l: state.cell[0], c: state.cell[1]})),
			h('button', {type: 'button', class: 'secondary small', id: 'risk-filter-cell-clear', onclick: () => {
				state.cell = null;
				renderMatrix(state);
				renderRegister(state);
			}}, t('filter_clear'))));
	}
	box.append(filters);

	const headRow = h('tr');
	for (const [col, key] of COLS) {
		const active = state.sort.col === col;
		const th = h('th', {scope: 'col', 'aria-sort': active ? (state.sort.desc ? 'descending' : 'ascending') : 'none'});
		const label = key === 'Id' ? 'Id' : t(key);
		th.append(h('button', {type: 'button', class: 'sort', dataset: {col},
			'aria-label': t('sort_by', {col: label}),
			onclick: () => {
				if (state.sort.col === col) state.sort.desc = !state.sort.desc;
				else state.sort = {col, desc: col === 'inherent' || col === 'residual' || col === 'overdue'};
				renderRegister(state);
				const b = state.registerBox.querySelector('button.sort[data-col="' + col + '"]');
				if (b) b.focus();
			}}, label, h('span', {class: 'sort-mark', 'aria-hidden': 'true'}, active ? (state.sort.desc ? ' ▼' : ' ▲') : '')));
		headRow.append(th);
	}
	state.tbody = h('tbody');
	state.countEl = h('p', {class: 'meta', id: 'risk-count', role: 'status'});
	box.append(state.countEl, tableWrap(h('table', {class: 'data', id: 'risk-table'}, h('thead', null, headRow), state.tbody), t('register_title')));
	renderRows(state);
	if (hadFocus) {
		const el = document.getElementById(hadFocus);
		if (el) el.focus();
	}
}

function renderRows(state) {
	const list = filtered(state);
	const col = COLS.find((c) => c[0] === state.sort.col) || COLS[0];
	const dir = state.sort.desc ? -1 : 1;
	list.sort((a, b) => {
		const x = col[2](a), y = col[2](b);
		if (x < y) return -dir;
		if (x > y) return dir;
		return String(a.id).localeCompare(String(b.id), 'da', {numeric: true});
	});
	const tbody = clear(state.tbody);
	for (const r of list) {
		const tr = h('tr', {id: 'risk-' + r.id, class: (r.overdue ? 'overdue' : '') + (state.focus === r.id ? ' focus' : ''),
			dataset: {risk: r.id}},
			h('td', {class: 'nowrap'}, h('code', null, r.id)),
			h('td', null, r.title || '–'),
			h('td', null, r.node ? h('a', {href: '#/map?node=' + encodeURIComponent(r.node)}, r.node) : '–'),
			h('td', null, levelBadge(r.inherent_level)),
			h('td', null, levelBadge(r.residual_level), r.above_appetite ? h('span', {class: 'badge warn'}, t('above_appetite')) : null),
			h('td', null, term('decision', r.decision)),
			h('td', null, r.owner || '–'),
			h('td', null, fmtDate(r.treatment_due)),
			h('td', null, r.overdue ? h('span', {class: 'badge warn'}, t('overdue')) : '–'),
			h('td', null, pick(r, 'escalate_to') || '–'));
		tbody.append(tr);
	}
	state.countEl.textContent = t('register_count', {n: list.length, total: state.risks.length});
	if (state.focus) {
		const row = document.getElementById('risk-' + state.focus);
		if (row) row.scrollIntoView({block: 'center'});
		state.focus = null;
	}
}

function nextId(prefix, list) {
	let max = 0;
	for (const x of list) {
		const m = new RegExp('^' + prefix + '(\\d+)$').exec(x.id || '');
		if (m) max = Math.max(max, Number(m[1]));
	}
	return prefix + (max + 1);
}

function threatName(th) {
	return (getLang() === 'en' && th.name_en ? th.name_en : th.name) || th.id;
}

function renderForm(state) {
	const box = clear(state.formBox);
	const {ctx} = state;
	const lvlOpts = [1, 2, 3, 4].map((n) => [n, consequenceText(n)]);
	const likOpts = [1, 2, 3, 4].map((n) => [n, likelihoodText(n)]);

	const id = field('Id', 'input', {name: 'id', required: true, value: nextId('r-', state.risks), autocomplete: 'off'});
	const title = field(t('risk_title'), 'input', {name: 'title'});
	const nodeSel = field(t('node'), 'select', {name: 'node', required: true},
		[['', '–'], ...[...state.nodes].sort((a, b) => String(a.name || a.id).localeCompare(String(b.name || b.id), 'da'))
			.map((n) => [n.id, (n.name || n.id) + ' (' + n.effective_criticality + ')'])]);
	const threatSel = field(t('threat'), 'select', {name: 'threat', required: true},
		[['', '–'], ...state.threats.map((th) => [th.id, threatName(th) + (th.threat_level ? ' (' + th.threat_level + ')' : '')])]);
	const assessedOn = field(t('assessed_on'), 'input', {name: 'assessed_on', type: 'date', value: todayISO(), required: true});
	const assessor = field(t('assessor'), 'input', {name: 'assessor', value: ctx.session.user ? (ctx.session.user.display_name || ctx.session.user.name) : ''});
	const owner = field(t('owner'), 'input', {name: 'owner'});
	const threatLevel = field(t('threat_level'), 'select', {name: 'threat_level', value: '2'}, likOpts);
	const resilience = field(t('resilience'), 'select', {name: 'resilience', value: '2'}, [1, 2, 3, 4].map((n) => [n, String(n)]));
	const likelihood = field(t('likelihood_set'), 'select', {name: 'likelihood'}, [['', t('use_suggestion')], ...likOpts]);
	const cons = DIMS.map((d) => field(t('c_' + d), 'select', {name: 'consequence.' + d}, [['', '–'], ...lvlOpts]));
	const resLik = field(t('residual_likelihood'), 'select', {name: 'residual.likelihood'}, [['', t('not_set')], ...likOpts]);
	const resCons = DIMS.map((d) => field(t('c_' + d), 'select', {name: 'residual.consequence.' + d}, [['', t('as_before')], ...lvlOpts]));
	const decision = field(t('decision'), 'select', {name: 'decision', value: 'mitigate'},
		termKeys('decision').map((k) => [k, term('decision', k)]));
	const note = field(t('note'), 'textarea', {name: 'note', rows: '2'});

	threatSel.control.addEventListener('change', () => {
		const th = state.threats.find((x) => x.id === threatSel.control.value);
		if (th && th.threat_level) threatLevel.control.value = String(th.threat_level);
	});

	const preview = h('aside', {class: 'preview', id: 'risk-preview', 'aria-live': 'polite', 'aria-labelledby': 'risk-preview-h'});
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'risk-submit'}, t('save_risk'));
	const form = h('form', {class: 'card', id: 'risk-form', novalidate: true},
		h('h2', null, t('assess_title')),
		h('fieldset', null, h('legend', null, t('scenario_fs')),
			h('div', {class: 'grid'}, id, title, nodeSel, threatSel, assessedOn, assessor, owner)),
		h('fieldset', null, h('legend', null, t('step_4')),
			h('div', {class: 'grid'}, threatLevel, resilience, likelihood),
			h('fieldset', {class: 'sub'}, h('legend', null, t('inherent_fs')), h('div', {class: 'grid four'}, cons))),
		h('fieldset', null, h('legend', null, t('step_5')),
			h('fieldset', {class: 'sub'}, h('legend', null, t('residual_fs')), resLik, h('div', {class: 'grid four'}, resCons))),
		h('fieldset', null, h('legend', null, t('step_7') + ' · ' + t('step_8')), h('div', {class: 'grid'}, decision), note),
		preview, btn, status);

	const collect = () => {
		const r = {
			id: id.control.value.trim() || 'preview',
			node: nodeSel.control.value, threat: threatSel.control.value,
			assessed_on: assessedOn.control.value,
			threat_level: Number(threatLevel.control.value), resilience: Number(resilience.control.value),
			likelihood: likelihood.control.value ? Number(likelihood.control.value) : null,
			consequence: {},
			decision: decision.control.value,
		};
		DIMS.forEach((d, i) => {
			if (cons[i].control.value) r.consequence[d] = Number(cons[i].control.value);
		});
		if (title.control.value.trim()) r.title = title.control.value.trim();
		if (assessor.control.value.trim()) r.assessor = assessor.control.value.trim();
		if (owner.control.value.trim()) r.owner = owner.control.value.trim();
		if (note.control.value.trim()) r.note = note.control.value.trim();
		if (resLik.control.value) {
			const rc = {};
			DIMS.forEach((d, i) => {
				rc[d] = Number(resCons[i].control.value || cons[i].control.value || 1);
			});
			r.residual = {likelihood: Number(resLik.control.value), consequence: rc};
		}
		return r;
	};
	const complete = (r) => r.node && r.threat && r.assessed_on && DIMS.every((d) => r.consequence[d]);

	let seq = 0;
	let timer = null;
	const runPreview = async () => {
		const r = collect();
		const my = ++seq;
		if (!complete(r)) {
			showPreview(preview, null, t('preview_incomplete'));
			return;
		}
		preview.classList.add('busy');
		try {
			const d = await post(orgPath(ctx.org, 'risks', 'preview'), r);
			if (my === seq) showPreview(preview, d && d.risk ? d.risk : d, null, r);
		} catch (e) {
			if (my === seq) showPreview(preview, null, errorText(e), null, true);
		} finally {
			if (my === seq) preview.classList.remove('busy');
		}
	};
	const schedule = () => {
		clearTimeout(timer);
		timer = setTimeout(runPreview, 200);
	};
	form.addEventListener('input', schedule);
	form.addEventListener('change', schedule);
	showPreview(preview, null, t('preview_incomplete'));

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const r = collect();
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			await post(orgPath(ctx.org, 'risks'), r);
			state.focus = r.id;
			await reload(state);
			status.show(t('risk_saved') + ' (' + r.id + ')', 'ok');
			id.control.value = nextId('r-', state.risks);
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});

	box.append(form, threatForm(state, threatSel.control));
	if (!state.threats.length) {
		form.querySelector('fieldset').append(h('p', {class: 'notice', id: 'no-threats'}, t('no_threats')));
	}
}

function showPreview(box, d, message, sent, isError) {
	clear(box);
	box.append(h('h3', {id: 'risk-preview-h'}, t('preview_title')));
	if (!d) {
		box.append(h('p', {class: isError ? 'error' : 'empty', id: 'risk-preview-msg'}, message || ''));
		return;
	}
	const used = d.likelihood ?? (sent && sent.likelihood) ?? d.suggested_likelihood;
	const deviates = d.likelihood !== null && d.likelihood !== undefined && d.suggested_likelihood !== undefined &&
		Number(d.likelihood) !== Number(d.suggested_likelihood);
	box.append(h('dl', {class: 'kv result'},
		h('dt', null, t('suggested_likelihood')), h('dd', {id: 'pv-suggested'}, likelihoodText(d.suggested_likelihood)),
		h('dt', null, t('likelihood_used')), h('dd', {id: 'pv-likelihood'}, likelihoodText(used),
			deviates ? h('span', {class: 'badge warn'}, t('deviation')) : null),
		h('dt', null, t('inherent_level')), h('dd', {id: 'pv-inherent'}, levelBadge(d.inherent_level)),
		h('dt', null, t('residual_level')), h('dd', {id: 'pv-residual'}, levelBadge(d.residual_level),
			d.above_appetite ? h('span', {class: 'badge warn'}, t('above_appetite')) : null),
		h('dt', null, t('treatment_due')), h('dd', {id: 'pv-due'}, fmtDate(d.treatment_due)),
		d.required_approver ? [h('dt', null, t('required_approver')), h('dd', {id: 'pv-approver'}, term('approver', d.required_approver))] : null,
		pick(d, 'escalate_to') ? [h('dt', null, t('escalate_to')), h('dd', {id: 'pv-escalate'}, pick(d, 'escalate_to'))] : null));
}

function threatForm(state, threatSelect) {
	const id = field('Id', 'input', {name: 'id', required: true, value: 't-', autocomplete: 'off'});
	const name = field(t('name'), 'input', {name: 'name', required: true});
	const cat = field(t('threat_category'), 'select', {name: 'category'},
		['cyber', 'technical', 'physical', 'human', 'supplier', 'societal', 'natural'].map((c) => [c, c]));
	const lvl = field(t('threat_level'), 'select', {name: 'threat_level', value: '2'}, [1, 2, 3, 4].map((n) => [n, likelihoodText(n)]));
	const src = field(t('level_source'), 'input', {name: 'level_source', value: 'CFCS', list: 'threat-sources'});
	const sources = h('datalist', {id: 'threat-sources'}, ['CFCS', 'SAMSIK', 'KommuneCERT', 'ENISA'].map((s) => h('option', {value: s})));
	const status = statusLine();
	const btn = h('button', {type: 'submit', id: 'threat-submit', class: 'secondary'}, t('add_threat_button'));
	const form = h('form', {class: 'card', id: 'threat-form', novalidate: true},
		h('div', {class: 'grid'}, id, name, cat, lvl, src), sources, btn, status);
	const details = h('details', {class: 'threat-add', open: state.threats.length ? null : true},
		h('summary', null, t('add_threat_title')), form);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {
			id: id.control.value.trim(), name: name.control.value.trim(), category: cat.control.value,
			threat_level: Number(lvl.control.value), level_source: src.control.value.trim() || undefined,
			level_date: todayISO(),
		};
		btn.disabled = true;
		status.show(t('saving'), 'busy');
		try {
			const th = await post(orgPath(state.ctx.org, 'threats'), body);
			const added = th && th.id ? th : body;
			state.threats.push(added);
			threatSelect.append(h('option', {value: added.id}, threatName(added) + ' (' + added.threat_level + ')'));
			threatSelect.value = added.id;
			threatSelect.dispatchEvent(new Event('change', {bubbles: true}));
			const nt = document.getElementById('no-threats');
			if (nt) nt.remove();
			status.show(t('threat_added') + ' (' + added.id + ')', 'ok');
			id.control.value = 't-';
			name.control.value = '';
		} catch (e) {
			status.show(errorText(e), 'error');
		} finally {
			btn.disabled = false;
		}
	});
	return details;
}
