// i18next set up with the console's two languages. The choice is remembered in localStorage
// (a preference, not personal data) and defaults to the browser's language.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

import { initialLanguage } from './language';

const STORAGE_KEY = 'crm.console.language';

export async function setUpI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initialLanguage(localStorage.getItem(STORAGE_KEY), navigator.languages),
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already
  });
  i18next.on('languageChanged', (lng) => {
    localStorage.setItem(STORAGE_KEY, lng);
    document.documentElement.lang = lng;
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}
