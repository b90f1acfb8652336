import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { open311Date, open311Error, open311ExtendedStatus, open311Status, parseOpen311Date, renderErrors, renderList, renderObject, splitFormat, titleFromDescription, xmlSafeText } from './open311-format.js';

describe('Open311 wire format', () => {
  it('cuts the title at the first sentence, within 120 characters, on a word', () => {
    expect(titleFromDescription('Le lampadaire est éteint. Depuis lundi la rue est noire !')).toBe('Le lampadaire est éteint');
    expect(titleFromDescription('Trou dans la chaussée\nrue Victor Hugo')).toBe('Trou dans la chaussée rue Victor Hugo');
    expect(titleFromDescription('Pourquoi le bus 6 ne passe plus ? Les élèves attendent.')).toBe('Pourquoi le bus 6 ne passe plus ?');
    const long = titleFromDescription(`${'mot '.repeat(60)}fin.`);
    expect([...long].length).toBeLessThanOrEqual(120);
    expect(long).toBe(`${'mot '.repeat(28)}mot…`);
  });

  it('maps statuses to open/closed and to the updates feed values', () => {
    expect(['received', 'transmitted', 'under_study', 'accepted', 'planned', 'in_progress'].map((s) => open311Status(s as never))).toEqual(Array(6).fill('open'));
    expect(['done', 'refused', 'duplicate', 'out_of_scope', 'withdrawn'].map((s) => open311Status(s as never))).toEqual(Array(5).fill('closed'));
    expect(['transmitted', 'under_study', 'planned', 'in_progress', 'done', 'refused', 'duplicate', 'out_of_scope'].map((s) => open311ExtendedStatus(s as never))).toEqual([
      'OPEN', 'INVESTIGATING', 'ACTION_SCHEDULED', 'IN_PROGRESS', 'FIXED', 'NO_FURTHER_ACTION', 'DUPLICATE', 'NOT_COUNCILS_RESPONSIBILITY',
    ]);
  });

  it('writes dates in ISO 8601 with their timezone and reads dates with or without one', () => {
    expect(open311Date(new Date('2026-11-26T08:15:30.123Z'))).toBe('2026-11-26T08:15:30+00:00');
    expect(parseOpen311Date('start_date', '2026-11-26T09:00:00+01:00')!.toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(parseOpen311Date('start_date', '2026-11-26')!.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(parseOpen311Date('start_date', undefined)).toBeNull();
    expect(() => parseOpen311Date('end_date', 'demain')).toThrow('end_date must be an ISO 8601 date, e.g. 2026-11-26T09:00:00+01:00.');
  });

  it('takes the format from the suffix, XML without one', () => {
    expect(splitFormat('requests.json')).toEqual({ name: 'requests', format: 'json' });
    expect(splitFormat('B-7K3M9Q.XML')).toEqual({ name: 'B-7K3M9Q', format: 'xml' });
    expect(splitFormat('services')).toEqual({ name: 'services', format: 'xml' });
  });

  it('renders lists, objects and errors as the standard shows them, XML escaped', () => {
    const parser = new XMLParser({ parseTagValue: false });
    const list = renderList('xml', 'service_requests', 'request', [{ service_request_id: 'B-7K3M9Q', description: 'Bancs < 2 & "cassés"', lat: null }]);
    expect(list.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    expect(list).toContain('<description>Bancs &lt; 2 &amp; &quot;cassés&quot;</description>');
    expect(parser.parse(list).service_requests).toEqual({ request: { service_request_id: 'B-7K3M9Q', description: 'Bancs < 2 & "cassés"', lat: '' } });
    expect(renderList('xml', 'service_requests', 'request', [])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>\n');
    expect(renderList('json', 'service_requests', 'request', [{ a: 1 }])).toBe('[{"a":1}]');
    expect(parser.parse(renderObject('xml', 'service_definition', { service_code: 'roads', attributes: [] })).service_definition).toEqual({ service_code: 'roads', attributes: '' });
    expect(renderErrors('json', open311Error(403, 'Invalid api_key.'))).toBe('[{"code":403,"description":"Invalid api_key."}]');
    expect(parser.parse(renderErrors('xml', open311Error(404, 'Unknown service_code: x.'))).errors).toEqual({ error: { code: '404', description: 'Unknown service_code: x.' } });
  });

  it('keeps the XML parseable when a value holds characters XML 1.0 forbids', () => {
    const xml = renderErrors('xml', open311Error(404, 'Unknown service_code: a\u0006b\u0000\ud800c\uffff.'));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('Unknown service_code: a\uFFFDb\uFFFD\uFFFDc\uFFFD.');
    expect(xmlSafeText('tab\tline\nreturn\r 👩‍👩‍👧 ok')).toBe('tab\tline\nreturn\r 👩‍👩‍👧 ok');
  });
});
