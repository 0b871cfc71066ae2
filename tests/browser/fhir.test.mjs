// The FHIR file for the hospital, checked by a third-party validator: FHIR.js (npm `fhir`,
// pinned in package.json), which validates a resource against the FHIR R4 core
// StructureDefinitions it ships: element names and types, cardinality (required elements),
// primitive types of numbers and booleans, codes on *required* value-set bindings, reference
// target types. It does not know JP Core profiles, FHIRPath invariants, extensible or
// preferred bindings, UCUM, date formats or whether a reference resolves (docs/fhir-export.md;
// the native tests in core/tests/fhir.rs check those of ours).
//
// 1. Each demo record's Bundle (`cargo run -p karte-core --example fhir_export`): 0 errors.
// 2. Broken Bundles (a missing required element, a wrong code system on a required binding,
//    an unknown element, ...): each reported; what the validator does not check is pinned.
// 3. The share page's button saves `karte-fhir-YYYY-MM-DD.json`: the same Bundle, 0 errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, startServer, launch, go, screenshot, openDemo } from './harness.mjs';

const require = createRequire(import.meta.url);
const { Fhir, Versions } = require('fhir');
const fhir = new Fhir();
const CANCERS = ['stomach', 'colorectal', 'lung', 'liver', 'breast', 'prostate'];
const ja = JSON.parse(await fs.readFile(new URL('../../locales/fhir.ja.json', import.meta.url), 'utf8')).fhir;

// The demo records' Bundles, written by the native exporter (the same code as the app's).
const OUT = await fs.mkdtemp(path.join(os.tmpdir(), 'karte-fhir-'));
execFileSync(process.env.CARGO ?? 'cargo', ['run', '--quiet', '--locked', '-p', 'karte-core', '--example', 'fhir_export', '--', OUT], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });
const bundles = Object.fromEntries(await Promise.all(CANCERS.map(async (c) => [c, await fs.readFile(path.join(OUT, `${c}.json`), 'utf8')])));

/** The validator's errors (severity error or fatal), as `location: message`. */
function errors(bundle) {
  assert.equal(fhir.parser.version, Versions.R4);
  const r = fhir.validate(bundle, { errorOnUnexpected: true });
  return r.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal').map((m) => `${m.location}: ${m.message}`);
}

test('each demo record as a FHIR R4 Bundle: 0 errors from FHIR.js', () => {
  for (const c of CANCERS) {
    const b = JSON.parse(bundles[c]);
    assert.equal(b.resourceType, 'Bundle');
    assert.ok(b.entry.length >= 15, `${c}: ${b.entry.length} entries`);
    assert.deepEqual(errors(b), [], c);
  }
});

/** The first resource of `type` in `b` (that `has`, if given). */
const first = (b, type, has = () => true) => b.entry.map((e) => e.resource).find((r) => r.resourceType === type && has(r));

// Changes the validator must report, each with the location of the error.
const CAUGHT = [
  ['Observation.status missing (required, 1..1)', 'Observation.status', (b) => { delete first(b, 'Observation').status; }],
  ['Observation.code missing (required, 1..1)', 'Observation.code', (b) => { delete first(b, 'Observation').code; }],
  ['Encounter.status missing', 'Encounter.status', (b) => { delete first(b, 'Encounter').status; }],
  ['AllergyIntolerance.patient missing', 'AllergyIntolerance.patient', (b) => { delete first(b, 'AllergyIntolerance').patient; }],
  ['Bundle.type missing', 'Bundle.type', (b) => { delete b.type; }],
  ['AllergyIntolerance.clinicalStatus from a wrong code system (required binding)', 'AllergyIntolerance.clinicalStatus', (b) => { first(b, 'AllergyIntolerance').clinicalStatus.coding[0].system = 'http://terminology.hl7.org/CodeSystem/condition-clinical'; }],
  ['Condition.verificationStatus from a wrong code system', 'Condition.verificationStatus', (b) => { first(b, 'Condition', (r) => r.verificationStatus).verificationStatus.coding[0].system = 'http://snomed.info/sct'; }],
  ['Encounter.status not a code of its value set', 'Encounter.status', (b) => { first(b, 'Encounter').status = 'done'; }],
  ['Patient.gender written as M', 'Patient.gender', (b) => { first(b, 'Patient').gender = 'M'; }],
  ['an unknown element', 'Patient.colour', (b) => { first(b, 'Patient').colour = 'red'; }],
  ['a number as a string', 'Observation.valueQuantity.value', (b) => { const q = first(b, 'Observation').valueQuantity; q.value = String(q.value); }],
  ['a reference to a resource type the element does not allow', 'Observation.subject', (b) => { first(b, 'Observation').subject.type = 'Organization'; }],
];

// Changes it does not report (docs/fhir-export.md says so; a validator that starts reporting
// them makes this test fail, and the document is then to be updated).
const NOT_CAUGHT = [
  ['Encounter.class from a wrong code system (an extensible binding)', (b) => { first(b, 'Encounter').class.system = 'http://example.org/not-act-code'; }],
  ['JP_Patient without its required identifier (profiles are not checked)', (b) => { delete first(b, 'Patient').identifier; }],
  ['JP_Observation_LabResult without its laboratory category', (b) => { delete first(b, 'Observation').category; }],
  ['a reference to nothing in the Bundle', (b) => { first(b, 'Observation').subject.reference = 'urn:uuid:00000000-0000-8000-8000-000000000000'; }],
  ['a date in the wrong format', (b) => { first(b, 'Patient').birthDate = '1957/04/12'; }],
  ['a unit code that is not UCUM', (b) => { first(b, 'Observation').valueQuantity.code = 'ng/mlx'; }],
  ['an invariant (obs-7: a value and a dataAbsentReason together)', (b) => { first(b, 'Observation').dataAbsentReason = { text: 'x' }; }],
];

test('a missing required element, a wrong code system on a required binding, an unknown element: each reported', () => {
  for (const [what, location, change] of CAUGHT) {
    const b = JSON.parse(bundles.stomach);
    change(b);
    const found = errors(b);
    assert.ok(found.some((e) => e.startsWith(location)), `${what}: not reported (${JSON.stringify(found)})`);
  }
});

test('what FHIR.js does not check (profiles, invariants, extensible bindings, formats, references) is as documented', () => {
  for (const [what, change] of NOT_CAUGHT) {
    const b = JSON.parse(bundles.stomach);
    change(b);
    assert.deepEqual(errors(b), [], `${what}: now reported; update docs/fhir-export.md`);
  }
});

let server;
before(async () => { server = await startServer(DIST); });
after(async () => { await server?.close(); await fs.rm(OUT, { recursive: true, force: true }); });

test('the share page saves the FHIR file: the demo record\'s Bundle, valid, named by the day', { timeout: 300000 }, async () => {
  const b = await launch();
  try {
    const page = b.page;
    await page.clock.setFixedTime(new Date(2025, 5, 15, 9, 0, 0));
    await openDemo(page, server.url, 'stomach');
    await go(page, 'share');
    const card = page.locator('[data-testid=fhir-export]');
    await card.scrollIntoViewIfNeeded();
    assert.equal(await page.innerText('[data-testid=fhir-export-button]'), ja.export);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=fhir-export-button]')]);
    assert.equal(download.suggestedFilename(), 'karte-fhir-2025-06-15.json');
    const text = await fs.readFile(await download.path(), 'utf8');
    assert.equal(await page.innerText('[data-testid=fhir-outcome]'), ja.done);
    await screenshot(page, 'fhir-share');
    const bundle = JSON.parse(text);
    assert.equal(bundle.resourceType, 'Bundle');
    assert.deepEqual(errors(bundle), []);
    // The app's file is the native exporter's, byte for byte (same record, same ids).
    assert.equal(text, bundles.stomach);
  } finally {
    await b.close();
  }
});
