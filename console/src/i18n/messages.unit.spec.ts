import { en } from './en';
import { initialLanguage } from './language';
import { zhCN } from './zh-CN';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1] ?? '').sort();

describe('console texts', () => {
  const english = leaves(en);
  const chinese = leaves(zhCN);

  it('has every English key in Simplified Chinese, and no extra one', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('translates every text (none empty) with the same placeholders', () => {
    for (const [key, text] of english) {
      const translated = chinese.get(key) ?? '';
      expect({ key, empty: translated.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(translated) }).toEqual({
        key,
        placeholders: placeholders(text),
      });
    }
  });
});

describe('initialLanguage', () => {
  it('keeps a stored choice', () => {
    expect(initialLanguage('zh-CN', ['en-GB'])).toBe('zh-CN');
    expect(initialLanguage('en', ['zh-CN'])).toBe('en');
  });

  it('follows a Chinese browser, and falls back to English otherwise', () => {
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage('fr', ['fr-FR', 'de'])).toBe('en');
  });
});
