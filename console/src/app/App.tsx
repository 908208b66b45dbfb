// The console's composition: session, GraphQL client, antd theme and locale, and the routes.
// Each route is a screen of navigation/screens.ts, offered only to the roles that may use it.
import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { SessionContext, type SessionState } from '../auth/session-context';
import { loadSession, saveSession, type Session } from '../auth/session';
import { homePathFor, screensFor, type ScreenId } from '../navigation/screens';
import { AuditScreen } from '../screens/AuditScreen';
import { CustomerScreen } from '../screens/CustomerScreen';
import { CustomersScreen } from '../screens/CustomersScreen';
import { HomeScreen } from '../home/HomeScreen';
import { MarketingScreen } from '../marketing/MarketingScreen';
import { ReportsScreen } from '../reports/ReportsScreen';
import { ForecastScreen } from '../sales/ForecastScreen';
import { QuotesScreen } from '../sales/QuotesScreen';
import { KnowledgeScreen } from '../service-desk/KnowledgeScreen';
import { SatisfactionScreen } from '../service-desk/SatisfactionScreen';
import { LoyaltyScreen } from '../screens/LoyaltyScreen';
import { PipelineScreen } from '../screens/PipelineScreen';
import { SignInScreen } from '../screens/SignInScreen';
import { TicketsScreen } from '../screens/TicketsScreen';
import { createApolloClient } from './apollo-client';
import { AppShell } from './AppShell';

// GraphiQL (and its editor) is large: loaded only when a developer opens it.
const GraphiQLScreen = lazy(() => import('../screens/GraphiQLScreen'));

const ROUTES: Record<ScreenId, { path: string; element: React.ReactElement }[]> = {
  home: [{ path: '/home', element: <HomeScreen /> }],
  customers: [
    { path: '/customers', element: <CustomersScreen /> },
    { path: '/customers/:id', element: <CustomerScreen /> },
  ],
  pipeline: [{ path: '/pipeline', element: <PipelineScreen /> }],
  quotes: [{ path: '/quotes', element: <QuotesScreen /> }],
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
      element: (
        <Suspense fallback={null}>
          <GraphiQLScreen />
        </Suspense>
      ),
    },
  ],
};

export function App(): React.ReactElement {
  const { i18n } = useTranslation();
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
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS}>
      <AntApp>
        <SessionContext.Provider value={state}>
          <ApolloProvider client={client}>
            <BrowserRouter>
              {session ? (
                <AppShell screens={screens}>
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
