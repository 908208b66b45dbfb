import { runReactorsCli } from './reactors-cli';

function capture(): { text: () => string; write: (s: string) => void } {
  let text = '';
  return { text: () => text, write: (s) => void (text += s) };
}

describe('runReactorsCli', () => {
  it.each([
    [[], /no command/],
    [['rebuild'], /unknown command "rebuild"/],
    [['retry', 'sales.nope'], /unknown reactor "sales\.nope"; known: \(none\)/],
    [['replay', 'x'], /unknown reactor "x"/],
  ])('answers %j with exit code 2 and the usage', async (argv, message) => {
    const out = capture();
    const err = capture();
    await expect(runReactorsCli(argv, [], out, err)).resolves.toBe(2);
    expect(err.text()).toMatch(message);
    expect(err.text()).toMatch(/usage:\n {2}status/);
    expect(out.text()).toBe('');
  });
});
