import { funnelBars, journeyDefinitionView, roiPercent } from './journey-view';

describe('journey view', () => {
  it('reads the trigger and every step of a published definition, in order', () => {
    const view = journeyDefinitionView(
      JSON.stringify({
        trigger: { kind: 'event', eventType: 'loyalty.ChurnRiskRaised' },
        steps: [
          { id: 'win-back-mail', kind: 'send', templateId: 'journey-win-back', locale: 'en' },
          { id: 'give-it-time', kind: 'wait', minutes: 20160 },
          { id: 'bought-again', kind: 'branch', then: 'won-back', else: 'reminder-mail' },
          { id: 'won-back', kind: 'exit', goal: 'ordered again' },
        ],
      }),
    );
    expect(view).toEqual({
      trigger: 'event loyalty.ChurnRiskRaised',
      steps: [
        { id: 'win-back-mail', kind: 'send', detail: 'journey-win-back · en' },
        { id: 'give-it-time', kind: 'wait', detail: '20160 min' },
        { id: 'bought-again', kind: 'branch', detail: '→ won-back | reminder-mail' },
        { id: 'won-back', kind: 'exit', detail: 'ordered again' },
      ],
    });
  });

  it('names the other triggers, and shows nothing for a definition that does not parse', () => {
    const trigger = (t: unknown) =>
      journeyDefinitionView(JSON.stringify({ trigger: t, steps: [] })).trigger;
    expect(trigger({ kind: 'birthday', timeZone: 'Europe/Berlin' })).toBe(
      'birthday 09:00 Europe/Berlin',
    );
    expect(trigger({ kind: 'inactivity', days: 60 })).toBe('inactivity 60 d');
    expect(trigger({ kind: 'segmentEntered', segmentId: 'vip' })).toBe('segment entered vip');
    expect(journeyDefinitionView('{not json')).toEqual({ trigger: '', steps: [] });
    expect(journeyDefinitionView('[1,2]')).toEqual({ trigger: '', steps: [] });
  });

  it('draws the funnel from entry through each step to completed and converted', () => {
    const bars = funnelBars(
      {
        entered: 10,
        completed: 3,
        converted: 5,
        steps: [
          { stepId: 'mail', passed: 9 },
          { stepId: 'goal', passed: 5 },
        ],
      },
      { entered: 'Entered', completed: 'Completed', converted: 'Converted' },
    );
    expect(bars).toEqual([
      { label: 'Entered', count: 10 },
      { label: 'mail', count: 9 },
      { label: 'goal', count: 5 },
      { label: 'Completed', count: 3 },
      { label: 'Converted', count: 5 },
    ]);
  });

  it('shows ROI as a signed whole percent, and none without cost', () => {
    expect(roiPercent(0.5)).toBe('+50 %');
    expect(roiPercent(-1)).toBe('-100 %');
    expect(roiPercent(0)).toBe('0 %');
    expect(roiPercent(2.345)).toBe('+235 %');
    expect(roiPercent(null)).toBe('—');
  });
});
