// The console's composition: session, GraphQL client, antd theme and locale, and the routes.
// Each route is a screen of navigation/screens.ts, offered only to the roles that may use it.
import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider, Spin, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { SessionContext, type SessionState } from '../auth/session-context';
import { loadSession, saveSession, type Session } from '../auth/session';
import { homePathFor, screensFor, type ScreenId } from '../navigation/screens';
import { HomeScreen } from '../home/HomeScreen';
import { SignInScreen } from '../screens/SignInScreen';
import { createApolloClient } from './apollo-client';
import { AppShell } from './AppShell';

// Every screen but sign-in and "my day" (where users land) is its own chunk, fetched when first
// opened: the first page loads only what it shows. ECharts comes with reports and loyalty, GraphiQL
// (and its editor, the largest) only when a developer opens it.
const named = <K extends string>(
  load: () => Promise<Record<K, React.ComponentType>>,
  name: K,
): React.LazyExoticComponent<React.ComponentType> =>
  lazy(() => load().then((module) => ({ default: module[name] })));
const CustomersScreen = named(() => import('../screens/CustomersScreen'), 'CustomersScreen');
const CustomerScreen = named(() => import('../screens/CustomerScreen'), 'CustomerScreen');
const PipelineScreen = named(() => import('../screens/PipelineScreen'), 'PipelineScreen');
const OpportunityScreen = named(() => import('../sales/OpportunityScreen'), 'OpportunityScreen');
const LeadsScreen = named(() => import('../sales/LeadsScreen'), 'LeadsScreen');
const CalendarScreen = named(() => import('../sales/CalendarScreen'), 'CalendarScreen');
const QuotesScreen = named(() => import('../sales/QuotesScreen'), 'QuotesScreen');
const ForecastScreen = named(() => import('../sales/ForecastScreen'), 'ForecastScreen');
const TicketsScreen = named(() => import('../screens/TicketsScreen'), 'TicketsScreen');
const KnowledgeScreen = named(() => import('../service-desk/KnowledgeScreen'), 'KnowledgeScreen');
const SatisfactionScreen = named(
  () => import('../service-desk/SatisfactionScreen'),
  'SatisfactionScreen',
);
const MarketingScreen = named(() => import('../marketing/MarketingScreen'), 'MarketingScreen');
const ReportsScreen = named(() => import('../reports/ReportsScreen'), 'ReportsScreen');
const LoyaltyScreen = named(() => import('../screens/LoyaltyScreen'), 'LoyaltyScreen');
const AuditScreen = named(() => import('../screens/AuditScreen'), 'AuditScreen');
const GraphiQLScreen = lazy(() => import('../screens/GraphiQLScreen'));
const SlaDashboardScreen = named(
  () => import('../service-desk/SlaDashboardScreen'),
  'SlaDashboardScreen',
);
const CareTasksScreen = named(() => import('../service-desk/CareTasksScreen'), 'CareTasksScreen');
const LeadScreen = named(() => import('../sales/LeadScreen'), 'LeadScreen');
const QuoteScreen = named(() => import('../sales/QuoteScreen'), 'QuoteScreen');
const ApprovalPolicyScreen = named(
  () => import('../sales/ApprovalPolicyScreen'),
  'ApprovalPolicyScreen',
);

const ROUTES: Record<ScreenId, { path: string; element: React.ReactElement }[]> = {
  home: [{ path: '/home', element: <HomeScreen /> }],
  customers: [
    { path: '/customers', element: <CustomersScreen /> },
    { path: '/customers/:id', element: <CustomerScreen /> },
  ],
  pipeline: [
    { path: '/pipeline', element: <PipelineScreen /> },
    { path: '/opportunities/:opportunityId', element: <OpportunityScreen /> },
  ],
  leads: [
    { path: '/leads', element: <LeadsScreen /> },
    { path: '/leads/:leadId', element: <LeadScreen /> },
  ],
  calendar: [{ path: '/calendar', element: <CalendarScreen /> }],
  quotes: [
    { path: '/quotes', element: <QuotesScreen /> },
    { path: '/quotes/:quoteId', element: <QuoteScreen /> },
  ],
  forecast: [{ path: '/forecast', element: <ForecastScreen /> }],
  tickets: [{ path: '/tickets', element: <TicketsScreen /> }],
  knowledge: [{ path: '/knowledge', element: <KnowledgeScreen /> }],
  satisfaction: [{ path: '/satisfaction', element: <SatisfactionScreen /> }],
  marketing: [{ path: '/marketing', element: <MarketingScreen /> }],
  reports: [{ path: '/reports', element: <ReportsScreen /> }],
  loyalty: [
    { path: '/loyalty', element: <LoyaltyScreen /> },
    { path: '/loyalty/:memberId', element: <LoyaltyScreen /> },
  ],
  audit: [{ path: '/audit', element: <AuditScreen /> }],
  graphiql: [
    {
      path: '/graphiql',
      element: <GraphiQLScreen />,
    },
  ],
  sla: [{ path: '/sla', element: <SlaDashboardScreen /> }],
  care: [{ path: '/care', element: <CareTasksScreen /> }],
  approvalPolicy: [{ path: '/settings/quote-approvals', element: <ApprovalPolicyScreen /> }],
};

// antd's default blue (#1677ff), red, green, orange and its light greys (secondary, placeholder,
// empty and other-month texts, the off switch) are below WCAG AA's 4.5:1 contrast on white or
// their tint (axe's color-contrast rule, console/test/console.e2e.spec.ts): darker shades here.
const BLUE = '#0958d9';
const READABLE_GREY = 'rgba(0, 0, 0, 0.56)';
const ACCESSIBLE_THEME: ThemeConfig = {
  token: {
    colorPrimary: BLUE,
    colorLink: BLUE,
    colorError: '#cf1322',
    colorWarning: '#ad4e00',
    colorSuccess: '#237804',
    // Seeds of the preset colours tags use (their text is the next darker shade).
    blue: BLUE,
    green: '#237804',
    orange: '#ad4e00',
    gold: '#ad6800',
    red: '#cf1322',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextQuaternary: READABLE_GREY,
    colorTextPlaceholder: READABLE_GREY,
    colorTextDisabled: READABLE_GREY,
  },
};

export function App(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const state = useMemo<SessionState>(
    () => ({
      session,
      signIn: (s) => {
        saveSession(s);
        setSession(s);
      },
      signOut: () => {
        saveSession(null);
        setSession(null);
      },
    }),
    [session],
  );
  const client = useMemo(
    () =>
      createApolloClient(
        () => sessionRef.current?.token ?? null,
        () => {
          saveSession(null);
          setSession(null);
        },
      ),
    [],
  );

  const screens = session ? screensFor(session.user.roles) : [];
  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS} theme={ACCESSIBLE_THEME}>
      <AntApp>
        <SessionContext.Provider value={state}>
          <ApolloProvider client={client}>
            <BrowserRouter>
              {session ? (
                <AppShell screens={screens}>
                  <Suspense fallback={<Spin aria-label={t('common.loading')} />}>
                    <Routes>
                      {screens.flatMap((screen) =>
                        ROUTES[screen.id].map((r) => (
                          <Route key={r.path} path={r.path} element={r.element} />
                        )),
                      )}
                      <Route
                        path="*"
                        element={<Navigate to={homePathFor(session.user.roles)} replace />}
                      />
                    </Routes>
                  </Suspense>
                </AppShell>
              ) : (
                <Routes>
                  <Route path="*" element={<SignInScreen />} />
                </Routes>
              )}
            </BrowserRouter>
          </ApolloProvider>
        </SessionContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
