// The console's languages and the first one a visitor sees.
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** The stored choice, else the browser's language when it is Chinese, else English. */
export function initialLanguage(stored: string | null, browser: readonly string[]): LanguageCode {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return browser.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}
