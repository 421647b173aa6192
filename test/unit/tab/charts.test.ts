/** Issue 15 item 16: the go-live chart's layout keeps its text readable and its bars inside at 400 px. */
import assert from 'node:assert/strict';
import { monthChartLayout, NARROW_CHART_WIDTH } from '../../../tab/src/charts.js';

describe('go-live chart layout', () => {
  it('keeps the wide layout (18-unit bars) when there is room', () => {
    const layout = monthChartLayout(24);
    assert.equal(layout.barWidth, 18);
    assert.equal(layout.labelEvery, 3);
    assert.equal(layout.width, 24 * 26 + 8 + 28);
  });

  it('draws 24 months for the narrow width instead of shrinking the wide drawing (5 px labels)', () => {
    const layout = monthChartLayout(24, NARROW_CHART_WIDTH);
    assert.ok(layout.width <= NARROW_CHART_WIDTH + 0.001, `${layout.width}`);
    // The last bar ends inside the drawing, with the inset to spare.
    const lastBarEnd = layout.inset + layout.gap + 23 * (layout.barWidth + layout.gap) + layout.barWidth;
    assert.ok(lastBarEnd <= layout.width - layout.inset + 0.001, `${lastBarEnd} of ${layout.width}`);
    assert.ok(layout.barWidth >= 7, `bars stay visible: ${layout.barWidth}`);
    // Month labels (~46 units at 9 px) do not run into each other.
    assert.ok(layout.labelEvery * (layout.barWidth + layout.gap) >= 46, `${layout.labelEvery} × ${layout.barWidth + layout.gap}`);
  });

  it('does not stretch a short chart to the narrow width', () => {
    assert.deepEqual(monthChartLayout(6, NARROW_CHART_WIDTH), monthChartLayout(6));
  });
});
