import { AppendNotifier } from './append-notifier';

describe('AppendNotifier', () => {
  it('sends at once, then once more for all the appends that committed meanwhile', async () => {
    const sentAt: number[] = [];
    const notifier = new AppendNotifier(async () => {
      sentAt.push(performance.now());
    }, 20);
    for (let i = 0; i < 50; i++) notifier.notify();
    const deadline = performance.now() + 2000;
    while (sentAt.length < 2 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await notifier.close();
    expect(sentAt).toHaveLength(2);
    // The coalesced second one waits for the interval (a commit-flushing transaction each).
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(19);
  });

  it('keeps notifying after a failed send (a notification is only a hint)', async () => {
    let calls = 0;
    const notifier = new AppendNotifier(() => {
      calls++;
      return Promise.reject(new Error('connection lost'));
    }, 0);
    notifier.notify();
    await new Promise((resolve) => setTimeout(resolve, 5));
    notifier.notify();
    await notifier.close();
    expect(calls).toBe(2);
  });
});
