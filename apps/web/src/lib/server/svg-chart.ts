// Charts of the public dashboard (/tableau-de-bord), rendered on the server as accessible SVG: pure functions
// from literal data to an SVG string (no DOM, no client JavaScript). Each chart is an <svg role="img"> with a
// <title> and a <desc> (aria-labelledby both), every value written as text next to its mark (colour is never the
// only carrier), and dark marks on white (contrast above 4.5:1). The data behind each chart is also a table and a CSV.

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartOptions {
  id: string;
  title: string;
  desc: string;
  /** Width of the label column, px (labels are cut with an ellipsis past it). */
  labelWidth?: number;
  width?: number;
  /** Decimals written after each bar (default 1). */
  digits?: number;
}

export interface LineSeries {
  name: string;
  values: number[];
  /** 'solid' or 'dashed': the series differ by stroke style and marker shape, not by colour alone. */
  style: 'solid' | 'dashed';
}

export interface LineChartOptions {
  id: string;
  title: string;
  desc: string;
  width?: number;
  height?: number;
}

/** Bars: dark blue on white (contrast 10.4:1); text: near-black. */
export const CHART_COLOURS = { bar: '#1d3f8a', text: '#1e1e1e', axis: '#595959', second: '#8a3c00' } as const;

const BAR_HEIGHT = 22;
const BAR_GAP = 8;
const FONT = 'font-family="system-ui, sans-serif" font-size="14"';

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Formats an integer or decimal the French way (1 234,5), with at most `digits` decimals. */
export function formatNumber(value: number, digits = 1): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(value).replace(/\u202f|\u00a0/g, ' ');
}

function clip(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function open(id: string, width: number, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="100%" aria-labelledby="${id}-title ${id}-desc" ${FONT}>` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`
  );
}

/**
 * Horizontal bar chart: one row per datum, its label on the left, its bar scaled on the largest value, the value
 * written after the bar. Bars have a width of at least 1 px when the value is positive.
 */
export function barChart(data: readonly BarDatum[], options: BarChartOptions): string {
  const width = options.width ?? 640;
  const labelWidth = options.labelWidth ?? 220;
  const valueWidth = 60;
  const plot = width - labelWidth - valueWidth;
  const max = Math.max(0, ...data.map((d) => d.value));
  const height = Math.max(1, data.length) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
  const maxChars = Math.floor(labelWidth / 7.5);
  const rows = data.map((d, i) => {
    const y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP);
    const barWidth = max > 0 ? (d.value > 0 ? Math.max(1, Math.round((d.value / max) * plot)) : 0) : 0;
    const textY = y + BAR_HEIGHT / 2 + 5;
    return (
      `<text x="${labelWidth - 8}" y="${textY}" text-anchor="end" fill="${CHART_COLOURS.text}">${escapeXml(clip(d.label, maxChars))}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${BAR_HEIGHT}" fill="${CHART_COLOURS.bar}"/>` +
      `<text x="${labelWidth + barWidth + 6}" y="${textY}" fill="${CHART_COLOURS.text}">${formatNumber(d.value, options.digits)}</text>`
    );
  });
  const axis = `<line x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}" stroke="${CHART_COLOURS.axis}"/>`;
  return `${open(options.id, width, height, options.title, options.desc)}${axis}${rows.join('')}</svg>`;
}

/**
 * Line chart over categories (months): one polyline per series, a marker per point (circle for solid, square for
 * dashed), the x labels below, the y axis from 0 to the largest value with its value written at the top, and a legend.
 */
export function lineChart(labels: readonly string[], series: readonly LineSeries[], options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const left = 48;
  const right = 16;
  const top = 40;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = labels.length > 1 ? plotW / (labels.length - 1) : 0;
  const x = (i: number) => Math.round(left + (labels.length > 1 ? i * step : plotW / 2));
  const y = (v: number) => Math.round(top + plotH - (v / max) * plotH);
  const parts: string[] = [];
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="${CHART_COLOURS.axis}"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="${CHART_COLOURS.axis}"/>`);
  parts.push(`<text x="${left - 6}" y="${top + 5}" text-anchor="end" fill="${CHART_COLOURS.text}">${formatNumber(max)}</text>`);
  parts.push(`<text x="${left - 6}" y="${top + plotH + 5}" text-anchor="end" fill="${CHART_COLOURS.text}">0</text>`);
  labels.forEach((label, i) => {
    parts.push(`<text x="${x(i)}" y="${top + plotH + 20}" text-anchor="middle" font-size="12" fill="${CHART_COLOURS.text}">${escapeXml(label)}</text>`);
  });
  series.forEach((s, k) => {
    const colour = k === 0 ? CHART_COLOURS.bar : CHART_COLOURS.second;
    const points = s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ');
    const dash = s.style === 'dashed' ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
    for (const [i, v] of s.values.entries()) {
      parts.push(
        s.style === 'dashed'
          ? `<rect x="${x(i) - 4}" y="${y(v) - 4}" width="8" height="8" fill="${colour}"/>`
          : `<circle cx="${x(i)}" cy="${y(v)}" r="4" fill="${colour}"/>`,
      );
    }
    // Legend, top left: a sample of the stroke and the series' name.
    const lx = left + k * 200;
    parts.push(`<line x1="${lx}" y1="16" x2="${lx + 28}" y2="16" stroke="${colour}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${lx + 34}" y="21" fill="${CHART_COLOURS.text}">${escapeXml(s.name)}</text>`);
  });
  return `${open(options.id, width, height, options.title, options.desc)}${parts.join('')}</svg>`;
}

/** CSV text with a UTF-8 BOM (Excel reads the accents), CRLF line ends, every cell quoted when needed. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[";\r\n,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
