import { describe, expect, it } from 'vitest';
import { barChart, escapeXml, formatNumber, lineChart, toCsv } from './svg-chart';

const rects = (svg: string) => [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/g)].map((m) => m.slice(1).map(Number));
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('barChart', () => {
  const svg = barChart(
    [
      { label: 'Déchets', value: 10 },
      { label: 'Voirie', value: 5 },
      { label: 'Eau', value: 0 },
    ],
    { id: 'themes', title: 'Besoins par thème', desc: 'Déchets 10, Voirie 5, Eau 0.', width: 500, labelWidth: 200 },
  );

  it('is an image named by its title and description', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 500 98"')).toBe(true);
    expect(svg).toContain('aria-labelledby="themes-title themes-desc"');
    expect(svg).toContain('<title id="themes-title">Besoins par thème</title><desc id="themes-desc">Déchets 10, Voirie 5, Eau 0.</desc>');
  });

  it('scales the bars on the largest value, one row of 30 px each', () => {
    // plot width = 500 - 200 - 60 = 240
    expect(rects(svg)).toEqual([
      [200, 8, 240, 22],
      [200, 38, 120, 22],
      [200, 68, 0, 22],
    ]);
  });

  it('writes each label and each value as text', () => {
    expect(texts(svg)).toEqual(['Déchets', '10', 'Voirie', '5', 'Eau', '0']);
  });

  it('gives a positive value at least 1 px and draws nothing past zero', () => {
    const tiny = barChart(
      [
        { label: 'a', value: 1000 },
        { label: 'b', value: 1 },
      ],
      { id: 'x', title: 't', desc: 'd', width: 500, labelWidth: 200 },
    );
    expect(rects(tiny).map((r) => r[2])).toEqual([240, 1]);
    const empty = barChart([{ label: 'a', value: 0 }], { id: 'x', title: 't', desc: 'd' });
    expect(rects(empty).map((r) => r[2])).toEqual([0]);
  });

  it('escapes text and cuts long labels', () => {
    const escaped = barChart([{ label: '<script>&"', value: 1 }], { id: 'e', title: 'A & B <c>', desc: "l'été", labelWidth: 300 });
    expect(escaped).not.toContain('<script>');
    expect(escaped).toContain('&lt;script&gt;&amp;&quot;');
    expect(escaped).toContain('<title id="e-title">A &amp; B &lt;c&gt;</title>');
    expect(escaped).toContain('<desc id="e-desc">l&#39;été</desc>');
    const long = barChart([{ label: 'Saint-Georges-sur-Loire et encore', value: 1 }], { id: 'l', title: 't', desc: 'd', labelWidth: 150 });
    expect(texts(long)[0]).toBe('Saint-Georges-sur-L…');
  });
});

describe('lineChart', () => {
  const svg = lineChart(
    ['janv.', 'févr.', 'mars'],
    [
      { name: 'Déposés', values: [0, 5, 10], style: 'solid' },
      { name: 'Première réponse', values: [0, 0, 4], style: 'dashed' },
    ],
    { id: 'evo', title: 'Évolution', desc: 'Trois mois.', width: 448, height: 188 },
  );

  it('places the points on the plot (x from 48 to 432, y from 140 down to 40)', () => {
    expect(svg).toContain('<polyline points="48,140 240,90 432,40" fill="none" stroke="#1d3f8a" stroke-width="2"/>');
    expect(svg).toContain('<polyline points="48,140 240,140 432,100" fill="none" stroke="#8a3c00" stroke-width="2" stroke-dasharray="6 4"/>');
  });

  it('marks the series with different shapes, not colour alone', () => {
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg.match(/<rect /g)).toHaveLength(3);
  });

  it('has title, description, axis values, month labels and a legend as text', () => {
    expect(svg).toContain('<title id="evo-title">Évolution</title><desc id="evo-desc">Trois mois.</desc>');
    expect(texts(svg)).toEqual(['10', '0', 'janv.', 'févr.', 'mars', 'Déposés', 'Première réponse']);
  });
});

describe('formatNumber and toCsv', () => {
  it('formats the French way', () => {
    expect(formatNumber(1234.56)).toBe('1 234,6');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(0.0754, 2)).toBe('0,08');
  });

  it('writes a BOM, quotes cells with separators and doubles quotes', () => {
    expect(toCsv(['commune', 'besoins'], [['Avrillé', 3], ['Rives-du-Loir-en-Anjou, "RLA"', 1]])).toBe(
      '\uFEFFcommune,besoins\r\nAvrillé,3\r\n"Rives-du-Loir-en-Anjou, ""RLA""",1\r\n',
    );
  });

  it('escapes all five XML characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
