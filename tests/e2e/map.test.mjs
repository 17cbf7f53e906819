// The dependency map stays readable at 41 nodes and at 500 (issue 17, point 2). playwright-core
// drives Debian's chromium headless on a server of its own (forum_lib.mjs) into which the CLI has
// imported the example municipality (examples/eksempel-kommune.json, 41 nodes) and a generated
// organisation of 500 nodes (bigOrg below, in the same document shape). One user, `kort`, an ISK
// of both.
//
// At each size: every node is drawn once, in the band of its kind, the bands in dependency order;
// no two label boxes overlap, nor does a label overlap another node's box (getBoundingClientRect,
// pairwise, in the SVG's own coordinates); a cut label ends in an ellipsis and its <title> holds
// the full name; search finds a node by part of its name and Enter selects it; zoom to the
// selection puts the node and its direct dependencies inside the view; the zoom buttons (and the
// keyboard, and the wheel) change the scale; a drag pans. At 41 nodes the whole map fits at scale
// 1 on 1366×900; at 500 the layout takes < 1 s in the browser and the page < 3 s.
//
// Environment: SKJOLD_BIN (the binary), SKJOLD_E2E_ARTIFACTS (screenshots), CHROMIUM.
// Each checked step counts once; the last line is `RESULT <passed> <failed>`.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {assert, harness, forumServer, launch, firstLogin, finish} from './forum_lib.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ART = process.env.SKJOLD_E2E_ARTIFACTS || path.join(HERE, 'artifacts');
const EXAMPLE = path.resolve(HERE, '../../examples/eksempel-kommune.json');
const BIG = 'stor-kommune';
const SMALL = 'eksempel-kommune';
const PW = 'kort-Laeser-2026-lang';
const KINDS = ['process', 'service', 'system', 'infrastructure', 'supplier', 'external'];
const st = harness('map');
const check = st.check;
let srv = null;

/* A deterministic pseudo-random sequence (mulberry32). */
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let x = a;
		x = Math.imul(x ^ (x >>> 15), x | 1);
		x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
}

/*
 * An organisation of n nodes in the shape of examples/eksempel-kommune.json: processes and
 * services that use systems, systems hosted in infrastructure and supplied by suppliers, some
 * externals; names of varied length (some long enough to be cut). No cycles: a node depends only
 * on nodes of a later kind, or of its own kind with a smaller number.
 */
function bigOrg(n) {
	const r = rng(17);
	const pick = (a) => a[Math.floor(r() * a.length)];
	const share = {process: 0.08, service: 0.04, system: 0.4, infrastructure: 0.24, supplier: 0.14, external: 0.1};
	const words = ['Sags', 'Journal', 'Ydelses', 'Løn', 'Booking', 'Borger', 'Skole', 'Bibliotek', 'Vej', 'Affalds',
		'Byggesags', 'Økonomi', 'Plan', 'Miljø', 'Beskæftigelses', 'Handicap', 'Dagtilbuds', 'Ældre', 'Kultur', 'Beredskabs'];
	const tails = {
		process: ['behandling', 'service', 'udbetaling', 'pleje', 'tilsyn og kontrol med private leverandører'],
		service: ['portal', 'selvbetjening', 'alarm for borgere uden for normal åbningstid'],
		system: ['system', 'platform', 'database', 'integration (fagsystem, produktionsmiljø og test)'],
		infrastructure: ['server', 'netværk', 'lager', 'klynge i datacenter Vest (sekundær drift)'],
		supplier: [' A/S', ' ApS', ' Danmark A/S', ' Software og Rådgivning Nordeuropa A/S'],
		external: [' (statslig)', ' (KL)', ' (fællesoffentlig infrastruktur for hele landet)'],
	};
	const byKind = {};
	const nodes = [];
	for (const kind of KINDS) {
		byKind[kind] = [];
		const count = kind === 'external' ? n - nodes.length : Math.round(n * share[kind]);
		for (let i = 1; i <= count; i++) {
			const id = kind.slice(0, 3) + '-' + i;
			const node = {id, kind, name: pick(words) + pick(tails[kind]) + ' ' + i, owner: 'Ejer ' + (i % 7), personal_data: 'none'};
			if (kind === 'process' || kind === 'service') {
				node.criticality = pick(['Lav', 'Medium', 'Høj', 'Kritisk']);
				node.critical_service = node.criticality === 'Kritisk';
			}
			nodes.push(node);
			byKind[kind].push(id);
		}
	}
	const edges = [];
	const seen = new Set();
	const edge = (from, to, type, group) => {
		if (from === to || seen.has(from + '>' + to)) return;
		seen.add(from + '>' + to);
		edges.push(group ? {from, to, type, group} : {from, to, type});
	};
	for (const p of [...byKind.process, ...byKind.service]) {
		for (let j = 0; j < 2 + Math.floor(r() * 3); j++) edge(p, pick(byKind.system), 'uses');
		if (r() < 0.3) edge(p, pick(byKind.external), 'uses');
	}
	byKind.system.forEach((s, i) => {
		const dcs = [pick(byKind.infrastructure), pick(byKind.infrastructure)];
		edge(s, dcs[0], 'hosted_at', 'hosting');
		edge(s, dcs[1], 'hosted_at', 'hosting');
		edge(s, pick(byKind.supplier), 'supplied_by');
		if (i > 0 && r() < 0.5) edge(s, byKind.system[Math.floor(r() * i)], 'integrates_with');
		if (r() < 0.2) edge(s, pick(byKind.external), 'integrates_with');
	});
	byKind.infrastructure.forEach((x, i) => {
		if (i > 0 && r() < 0.5) edge(x, byKind.infrastructure[Math.floor(r() * i)], 'runs_on');
		edge(x, pick(byKind.supplier), 'supplied_by');
	});
	return {
		skjold: 1,
		organisation: {id: BIG, name: 'Stor Kommune (500 knuder)', kind: 'municipality',
			entity: {nis2: 'essential', dora: false, psd2_psp: false, trust_service: false}},
		nodes, edges,
	};
}

async function pick(page, org) {
	if (await page.$eval('#org-select', (s) => s.value) !== org) {
		await page.selectOption('#org-select', org);
		await page.waitForFunction((o) => document.getElementById('org-select')?.value === o &&
			document.body.dataset.ready === '1', org);
	}
}

/* Opens the map (hash may carry ?node=…) and waits for the SVG; returns the time it took in ms. */
async function openMap(page, hash = '/map') {
	const t0 = Date.now();
	await page.goto(srv.base + '/#' + hash);
	await page.waitForFunction(() => document.body.dataset.page === 'map' && document.body.dataset.ready === '1' &&
		document.querySelector('#cy svg.map-svg'));
	return Date.now() - t0;
}

/*
 * The geometry of the drawing in the SVG's own (unscaled, unpanned) coordinates: each node's box
 * and label box, each band's box and kind, the scale, the view's box, the layout's time.
 */
function geometry(page) {
	return page.evaluate(() => {
		const svg = document.querySelector('#cy svg.map-svg');
		const r = svg.getBoundingClientRect();
		const k = Number(svg.dataset.scale);
		const view = svg.querySelector('.map-view').transform.baseVal.consolidate().matrix;
		const own = (el) => {
			const b = el.getBoundingClientRect();
			return {x: (b.left - r.left - view.e) / k, y: (b.top - r.top - view.f) / k, w: b.width / k, h: b.height / k};
		};
		const client = (el) => {
			const b = el.getBoundingClientRect();
			return {x: b.left - r.left, y: b.top - r.top, w: b.width, h: b.height};
		};
		return {
			k, width: r.width, height: r.height, layoutMs: Number(svg.dataset.layoutMs),
			nodes: [...svg.querySelectorAll('.map-node')].map((g) => ({
				id: g.dataset.node, kind: [...g.classList].find((c) => c.startsWith('kind-')).slice(5),
				box: own(g.querySelector('.map-box')), label: own(g.querySelector('.map-label')), screen: client(g.querySelector('.map-box')),
				text: g.querySelector('.map-label').textContent, title: g.querySelector('title').textContent,
			})),
			groups: [...svg.querySelectorAll('.map-group')].map((g) => ({kind: g.dataset.kind, count: Number(g.dataset.count),
				box: own(g.querySelector('.map-band')), label: g.querySelector('.map-band-label').textContent})),
		};
	});
}

const overlap = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.w <= b.x + b.w + 0.5 && a.y + a.h <= b.y + b.h + 0.5;

/* Pairs of labels that overlap, and labels that overlap another node's box (both: none). */
function collisions(geo) {
	const bad = [];
	const ns = geo.nodes;
	for (let i = 0; i < ns.length; i++) {
		for (let j = 0; j < ns.length; j++) {
			if (i === j) continue;
			if (j > i && overlap(ns[i].label, ns[j].label)) bad.push('label ' + ns[i].id + ' × label ' + ns[j].id);
			if (overlap(ns[i].label, ns[j].box)) bad.push('label ' + ns[i].id + ' × box ' + ns[j].id);
		}
		if (!inside(ns[i].label, ns[i].box)) bad.push('label ' + ns[i].id + ' outside its box');
	}
	return bad;
}

/* The bands: one per kind present, in dependency order, each holding exactly its kind's nodes. */
function groupProblems(geo, expected) {
	const bad = [];
	const kinds = geo.groups.map((g) => g.kind);
	const want = KINDS.filter((k) => expected[k]);
	if (kinds.join() !== want.join()) bad.push('bands ' + kinds.join() + ', expected ' + want.join());
	for (const g of geo.groups) {
		if (g.count !== (expected[g.kind] || 0)) bad.push(g.kind + ' band counts ' + g.count + ', expected ' + expected[g.kind]);
	}
	for (const n of geo.nodes) {
		const g = geo.groups.find((x) => x.kind === n.kind);
		if (!g || !inside(n.box, g.box)) bad.push(n.id + ' (' + n.kind + ') not in its band');
	}
	for (let i = 1; i < geo.groups.length; i++) {
		if (geo.groups[i].box.y < geo.groups[i - 1].box.y + geo.groups[i - 1].box.h) bad.push(geo.groups[i].kind + ' band not below ' + geo.groups[i - 1].kind);
	}
	return bad;
}

/* Cut labels end in an ellipsis and are a prefix of the full name, which the <title> carries. */
function labelProblems(geo, names) {
	const bad = [];
	let cut = 0;
	for (const n of geo.nodes) {
		const full = names.get(n.id);
		if (!n.title.startsWith(full + ' (' + n.id + ')')) bad.push(n.id + ' title ' + n.title);
		if (n.text === full) continue;
		cut += 1;
		if (!n.text.endsWith('…') || !full.startsWith(n.text.slice(0, -1).trimEnd())) bad.push(n.id + ' label ' + n.text + ' for ' + full);
	}
	return {bad, cut};
}

/* The map's column (tools, legend, graph) alone, at full resolution: ART/map-NAME-graph.png. */
async function shotGraph(page, name) {
	try {
		await page.locator('.graph-col').screenshot({path: path.join(ART, 'map-' + name + '-graph.png')});
	} catch (_) { /* an artefact, not a check */ }
}

/* Asserts the labels are readable (no collision, cut ones faithful); returns the geometry and the cut count. */
async function assertLabels(page, names) {
	const geo = await geometry(page);
	const bad = collisions(geo);
	assert(!bad.length, bad.length + ' collisions: ' + bad.slice(0, 5).join(' | '));
	const lab = labelProblems(geo, names);
	assert(!lab.bad.length, lab.bad.slice(0, 5).join(' | '));
	return {geo, cut: lab.cut};
}

/* Asserts every node lies inside the view and in the band of its kind; screenshots the overview. */
async function assertOverview(page, geo, expected, name) {
	const out = geo.nodes.filter((n) => !inside(n.screen, {x: 0, y: 0, w: geo.width, h: geo.height})).map((n) => n.id);
	assert(!out.length, 'outside the view: ' + out.slice(0, 5).join(', '));
	const bad = groupProblems(geo, expected);
	assert(!bad.length, bad.slice(0, 5).join(' | '));
	await page.locator('#cy').scrollIntoViewIfNeeded();
	await st.shot(name);
	await shotGraph(page, name);
}

const scale = (page) => page.$eval('#cy svg.map-svg', (s) => Number(s.dataset.scale));

/* Of ids, those whose box is not wholly inside the SVG's visible box. */
async function inView(page, ids) {
	const geo = await geometry(page);
	const view = {x: 0, y: 0, w: geo.width, h: geo.height};
	return ids.filter((id) => {
		const n = geo.nodes.find((x) => x.id === id);
		return !n || !inside(n.screen, view);
	});
}

/* Search for text, check the highlight and the list, press Enter; the first match is selected. */
async function searchAndSelect(page, text, id, name) {
	await page.fill('#map-search', text);
	await page.waitForSelector('#map-search-results button[data-node="' + id + '"]');
	const marked = await page.$$eval('#cy .map-node.match', (els) => els.map((e) => e.dataset.node));
	assert(marked.includes(id), id + ' highlighted by the search: ' + marked.slice(0, 5));
	const all = await page.evaluate((q) => [...document.querySelectorAll('#cy .map-node')]
		.filter((g) => (g.querySelector('title').textContent.split(' · ')[0]).toLowerCase().includes(q)).length, text.toLowerCase());
	assert(marked.length === all, 'every node whose name or id holds "' + text + '" is highlighted: ' + marked.length + ' of ' + all);
	const first = await page.$eval('#map-search-results button[data-node]', (b) => b.dataset.node);
	if (first === id) {
		await page.press('#map-search', 'Enter');
	} else {
		await page.click('#map-search-results button[data-node="' + id + '"]');
	}
	await page.waitForSelector('#node-detail-h:has-text("' + name + '")');
	assert(await page.locator('#cy .map-node.sel[data-node="' + id + '"]').count() === 1, id + ' selected in the graph');
	return first === id ? 'Enter' : 'click';
}

async function deps(page, id) {
	return page.$$eval('#cy .map-edge[data-from="' + id + '"]', (ps) => ps.map((p) => p.dataset.to));
}

async function main() {
	const big = bigOrg(500);
	const smallDoc = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
	const names = new Map([...smallDoc.nodes, ...big.nodes].map((n) => [n.id, n.name]));
	const count = (doc) => Object.fromEntries(KINDS.map((k) => [k, doc.nodes.filter((n) => n.kind === k).length]));

	await check('a server with the example municipality (41 nodes) and a generated organisation of 500', async () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skjold-e2e-map-'));
		const file = path.join(tmp, 'big.json');
		fs.writeFileSync(file, JSON.stringify(big));
		try {
			srv = await forumServer([['kort', 'bank1', 'isk']], (cli) => {
				cli(['import', EXAMPLE]);
				cli(['import', file]);
				for (const o of [SMALL, BIG]) cli(['user', 'role', 'kort', '--org', o, '--role', 'isk']);
			});
		} finally {
			fs.rmSync(tmp, {recursive: true, force: true});
		}
		assert(smallDoc.nodes.length === 41 && big.nodes.length === 500, 'sizes ' + smallDoc.nodes.length + ', ' + big.nodes.length);
	}, {required: true});
	if (st.blocked) return;

	const browser = await launch();
	try {
		const page = await st.newPage(browser);
		await firstLogin(page, srv.base, 'kort', srv.once.kort, PW);

		await check('41 nodes: the whole map fits at scale 1 in a 1366×900 window, unscrolled, in bands by kind', async () => {
			await pick(page, SMALL);
			await openMap(page);
			const geo = await geometry(page);
			assert(geo.nodes.length === 41, 'nodes drawn: ' + geo.nodes.length);
			assert(geo.k === 1, 'scale 1, got ' + geo.k);
			const bottom = await page.evaluate(() => {
				window.scrollTo(0, 0);
				return [document.querySelector('#cy svg').getBoundingClientRect().bottom, window.innerHeight];
			});
			assert(bottom[0] <= bottom[1], 'the whole map is in the window without scrolling: its bottom at ' + bottom[0] + ' of ' + bottom[1]);
			await assertOverview(page, geo, count(smallDoc), '41-overview');
		});

		await check('41 nodes: no label overlaps another label or another node; cut labels keep the full name in a tooltip', async () => {
			const {geo, cut} = await assertLabels(page, names);
			console.log('# 41 nodes: ' + geo.nodes.length + ' labels, ' + cut + ' cut, label width ' +
				Math.round(Math.max(...geo.nodes.map((n) => n.label.w))) + ' px, layout ' + geo.layoutMs + ' ms');
		});

		await check('41 nodes: search by part of a name highlights and Enter selects; zoom to the selection shows it and its dependencies', async () => {
			const how = await searchAndSelect(page, 'nordlys omsorg', 's-omsorg', 'Omsorgssystem');
			assert(how === 'Enter', 'Enter chose the first match');
			await page.waitForSelector('#impact-fails li[data-node="p-hjemmepleje"]');
			await st.shot('41-search-selected');
			await shotGraph(page, '41-search-selected');
			// pan it out of sight with a drag, then zoom to the selection
			const svg = await page.locator('#cy svg').boundingBox();
			await page.mouse.move(svg.x + 20, svg.y + 20);
			await page.mouse.down();
			await page.mouse.move(svg.x + svg.width - 10, svg.y + svg.height - 10, {steps: 5});
			await page.mouse.move(svg.x + svg.width + 600, svg.y + svg.height + 600, {steps: 5});
			await page.mouse.up();
			const dd = await deps(page, 's-omsorg');
			assert(dd.length === 5, 's-omsorg depends on 5 nodes: ' + dd);
			assert((await inView(page, ['s-omsorg'])).length === 1, 'the drag moved the node out of the view');
			assert(await page.locator('#cy .map-node.sel[data-node="s-omsorg"]').count() === 1, 'a drag does not change the selection');
			await page.click('#map-zoom-sel');
			const out = await inView(page, ['s-omsorg', ...dd]);
			assert(!out.length, 'outside the view after zoom to selection: ' + out);
			assert(await scale(page) >= 1, 'a readable scale: ' + await scale(page));
			const outlined = await page.$$eval('#cy .map-node.dep', (els) => els.map((e) => e.dataset.node).sort());
			assert(outlined.join() === [...dd].sort().join(), 'its dependencies outlined: ' + outlined);
			await st.shot('41-zoom-selection');
			await shotGraph(page, '41-zoom-selection');
		});

		await check('the zoom buttons (mouse and keyboard), the wheel and the keys on the focused map change the scale; fit restores it', async () => {
			await page.click('#map-fit');
			const k0 = await scale(page);
			await page.click('#map-zoom-in');
			const k1 = await scale(page);
			assert(k1 > k0 * 1.1, 'zoom in: ' + k0 + ' → ' + k1);
			await page.focus('#map-zoom-out');
			await page.keyboard.press('Enter');
			await page.keyboard.press('Space');
			const k2 = await scale(page);
			assert(k2 < k1 * 0.9, 'zoom out by keyboard: ' + k1 + ' → ' + k2);
			for (const id of ['#map-zoom-in', '#map-zoom-out', '#map-fit', '#map-zoom-sel']) {
				assert(await page.getAttribute(id, 'aria-label'), id + ' has an aria-label');
			}
			const svg = await page.locator('#cy svg').boundingBox();
			await page.mouse.move(svg.x + svg.width / 2, svg.y + svg.height / 2);
			await page.mouse.wheel(0, -300);
			await page.waitForFunction((k) => Number(document.querySelector('#cy svg').dataset.scale) > k * 1.1, k2);
			await page.click('#map-fit');
			assert(await scale(page) === k0, 'fit restores ' + k0);
			// the map itself takes the focus: + zooms, an arrow pans, 0 fits again
			await page.focus('#cy svg');
			await page.keyboard.press('+');
			assert(await scale(page) > k0 * 1.1, '+ on the focused map zooms in');
			const tx = () => page.$eval('#cy .map-view', (v) => v.transform.baseVal.consolidate().matrix.e);
			const x0 = await tx();
			await page.keyboard.press('ArrowLeft');
			assert(await tx() > x0, 'an arrow pans');
			await page.keyboard.press('0');
			assert(await scale(page) === k0, '0 fits again');
		});

		await check('a link to a node (#/map?node=dc-nord) selects it', async () => {
			await openMap(page, '/map?node=dc-nord');
			await page.waitForSelector('#node-detail-h:has-text("Datacenter Nord")');
			assert(await page.locator('#cy .map-node.sel[data-node="dc-nord"]').count() === 1, 'selected in the graph');
		});

		await check('a narrower window lays the map out again: still no collision, all in view, the selection kept', async () => {
			await page.waitForSelector('#impact-fails li[data-node="s-oekonomi"]');
			const before = await page.$eval('#cy', (b) => [b.dataset.redrawn || '0', b.querySelector('.map-svg').getBoundingClientRect().width]);
			await page.setViewportSize({width: 1000, height: 900});
			try {
				await page.waitForFunction((n) => (document.getElementById('cy').dataset.redrawn || '0') !== n, before[0]);
				const geo = await assertLabels(page, names);
				assert(geo.geo.width < before[1] - 100, 'a narrower map: ' + before[1] + ' → ' + geo.geo.width);
				const out = geo.geo.nodes.filter((n) => !inside(n.screen, {x: 0, y: 0, w: geo.geo.width, h: geo.geo.height})).map((n) => n.id);
				assert(!out.length, 'outside the view: ' + out.slice(0, 5));
				assert(await page.locator('#cy .map-node.sel[data-node="dc-nord"]').count() === 1, 'still selected');
				assert(await page.locator('#cy .map-node.fails[data-node="s-oekonomi"]').count() === 1, 'its impact still shown');
				await shotGraph(page, '41-narrow');
			} finally {
				await page.setViewportSize({width: 1366, height: 900});
			}
		});

		let ms500 = 0;
	let k500 = 1;
		await check('500 nodes: the page draws the map in < 3 s, the layout in < 1 s, in bands by kind', async () => {
			await pick(page, BIG);
			await page.goto(srv.base + '/#/dashboard');
			await page.waitForFunction(() => document.body.dataset.ready === '1');
			ms500 = await openMap(page);
			const geo = await geometry(page);
			assert(geo.nodes.length === 500, 'nodes drawn: ' + geo.nodes.length);
			k500 = geo.k;
			console.log('# 500 nodes: page ' + ms500 + ' ms (navigation, API, layout, drawing), layout ' + geo.layoutMs +
				' ms, scale ' + geo.k + ', ' + (await page.$$eval('#cy .map-edge', (x) => x.length)) + ' edges');
			assert(geo.layoutMs < 1000, 'layout ' + geo.layoutMs + ' ms');
			assert(ms500 < 3000, 'page ' + ms500 + ' ms');
			await assertOverview(page, geo, count(big), '500-overview');
		});

		await check('500 nodes: no label overlaps another label or another node; cut labels keep the full name', async () => {
			const {cut} = await assertLabels(page, names);
			assert(cut > 0, 'some long names are cut');
			console.log('# 500 nodes: ' + cut + ' labels cut with an ellipsis');
		});

		await check('500 nodes: search by part of a name selects it; zoom to the selection shows it and its dependencies, zoomed in from the overview', async () => {
			const target = big.nodes.find((n) => n.id === 'sys-137');
			const part = target.name.slice(-10).toUpperCase(); // part of the name, in another case
			const how = await searchAndSelect(page, part, 'sys-137', target.name.slice(0, 20));
			console.log('# 500 nodes: "' + part + '" (' + target.name + ') chosen by ' + how);
			await page.click('#map-zoom-sel');
			const dd = await deps(page, 'sys-137');
			const out = await inView(page, ['sys-137', ...dd]);
			assert(!out.length, 'outside the view after zoom to selection: ' + out);
			const k = await scale(page);
			assert(k > k500 * 1.4, 'zoomed in from the overview (' + k500 + '): ' + k);
			console.log('# 500 nodes: zoom to the selection (sys-137 and its ' + dd.length + ' dependencies): scale ' + k);
			await st.shot('500-zoom-selection');
			await shotGraph(page, '500-zoom-selection');
			await page.fill('#map-search', '');
			await page.click('#map-fit');
		});

		await check('in English the bands, the search and the zoom buttons speak English', async () => {
			await page.click('#lang-switch');
			await page.waitForFunction(() => document.documentElement.lang === 'en');
			await openMap(page);
			const bands = await page.$$eval('#cy .map-band-label', (els) => els.map((e) => e.textContent));
			assert(bands[0].startsWith('Processes') && bands.some((b) => b.startsWith('Suppliers')), 'bands: ' + bands);
			assert(await page.textContent('label[for="map-search"]') === 'Search the map', 'search label');
			assert(await page.getAttribute('#map-zoom-in', 'aria-label') === 'Zoom in', 'zoom label');
			await page.click('#lang-switch');
			await page.waitForFunction(() => document.documentElement.lang === 'da');
		});

		await check('no CSP violations or script errors', async () => {
			assert(!st.problems.length, st.problems.slice(0, 5).join(' | '));
		});
	} finally {
		await browser.close().catch(() => {});
	}
}

finish(st, main(), () => srv && srv.stop());
