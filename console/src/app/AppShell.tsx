// The layout around every screen: a menu of the screens the user's roles allow (a drawer-like
// collapsed side bar on a phone's width), the language switch and sign-out.
import { Button, Layout, Menu, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useApolloClient } from '@apollo/client/react';
import { useSession, useSignedIn } from '../auth/session-context';
import { LANGUAGES } from '../i18n/language';
import { type Screen } from '../navigation/screens';

export function AppShell(props: {
  screens: readonly Screen[];
  children: React.ReactNode;
}): React.ReactElement {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { signOut } = useSession();
  const session = useSignedIn();
  const client = useApolloClient();
  const selected = props.screens.find((s) => location.pathname.startsWith(s.path));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} theme="light" aria-label={t('app.title')}>
        <Typography.Title level={5} style={{ padding: '16px 24px', margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected.id] : []}
          items={props.screens.map((s) => ({ key: s.id, label: t(s.labelKey) }))}
          onClick={({ key }) => {
            const screen = props.screens.find((s) => s.id === key);
            if (screen) void navigate(screen.path);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: 'transparent',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            // Room on the left for the menu's fold-out button on a phone's width.
            paddingInline: '56px 16px',
            flexWrap: 'wrap',
            height: 'auto',
            minHeight: 64,
          }}
        >
          <Space wrap>
            <Typography.Text type="secondary" data-testid="signed-in-as">
              {t('app.signedInAs', { name: session.user.displayName })}
            </Typography.Text>
            <Select
              aria-label={t('app.language')}
              data-testid="language-switch"
              value={i18n.language}
              style={{ width: 120 }}
              options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
              onChange={(lng: string) => void i18n.changeLanguage(lng)}
            />
            <Button
              onClick={() => {
                signOut();
                void client.clearStore();
              }}
            >
              {t('app.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>{props.children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
