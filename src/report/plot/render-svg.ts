/**
 * Renders a Vega-Lite spec to an SVG string in Node, with no browser and no canvas: Vega's
 * headless view (`renderer: 'none'`) builds the scenegraph and `toSVG()` serialises it. Text
 * widths are Vega's estimates (no font metrics without a canvas), which is close enough for
 * axis layout. The same spec always gives the same SVG.
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Compiles `spec` (Vega-Lite 5) and returns the SVG markup (an `<svg>` element). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none', logLevel: 0 });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
