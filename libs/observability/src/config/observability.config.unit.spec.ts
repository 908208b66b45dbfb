import { DEFAULT_TRACES_FILE, readObservabilityConfig } from './observability.config';

describe('observability configuration', () => {
  it('is off by default, keeping every trace when switched on', () => {
    expect(readObservabilityConfig({})).toEqual({
      config: { tracesExporter: 'none', tracesFile: DEFAULT_TRACES_FILE, tracesSampleRatio: 1 },
      problems: [],
    });
    expect(
      readObservabilityConfig({
        CRM_TRACES_EXPORTER: 'file',
        CRM_TRACES_FILE: '/tmp/t.jsonl',
        CRM_TRACES_SAMPLE_RATIO: '0.25',
      }).config,
    ).toEqual({ tracesExporter: 'file', tracesFile: '/tmp/t.jsonl', tracesSampleRatio: 0.25 });
  });

  it('names each bad variable', () => {
    const { problems } = readObservabilityConfig({
      CRM_TRACES_EXPORTER: 'jaeger',
      CRM_TRACES_SAMPLE_RATIO: '2',
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^CRM_TRACES_EXPORTER="jaeger" is invalid/);
    expect(problems[1]).toMatch(/^CRM_TRACES_SAMPLE_RATIO="2" is invalid/);
  });
});
