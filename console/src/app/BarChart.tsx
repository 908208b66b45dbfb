// The console's one chart kind, a bar chart, with only the ECharts parts it draws (bars, axes,
// tooltip, legend, canvas): the full `echarts` build is about three times larger. Imported only by
// lazily loaded screens (reports, loyalty), so ECharts is fetched when one of them opens.
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type EChartsOption } from 'echarts';

echarts.use([Bars, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function BarChart(props: {
  option: EChartsOption;
  style?: React.CSSProperties;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
}): React.ReactElement {
  return (
    <div role="img" aria-label={props.label}>
      <ReactEChartsCore echarts={echarts} option={props.option} style={props.style} />
    </div>
  );
}
