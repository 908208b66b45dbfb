// Sign-in with workspace, e-mail and password (the gateway's `login` mutation). The token is kept
// for this tab only (auth/session.ts); failures show the gateway's message, which never says
// whether the account exists.
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context';
import { graphql } from '../graphql/generated';

const Login = graphql(`
  mutation ConsoleLogin($input: LoginInput!) {
    login(input: $input) {
      token
      expiresInSeconds
      user {
        id
        email
        displayName
        roles
      }
    }
  }
`);

interface Credentials {
  tenant: string;
  email: string;
  password: string;
}

export function SignInScreen(): React.ReactElement {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [login, { loading }] = useMutation(Login);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Credentials): Promise<void> => {
    setError(null);
    try {
      const { data } = await login({ variables: { input: values } });
      if (!data) return;
      const { token, expiresInSeconds, user } = data.login;
      signIn({
        token,
        expiresAt: Date.now() + expiresInSeconds * 1000,
        user: { ...user, roles: user.roles },
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '10vh 16px' }}>
      <Card title={t('signIn.title')} style={{ width: '100%', maxWidth: 400 }}>
        <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="tenant" label={t('signIn.tenant')} rules={[{ required: true }]}>
            <Input autoComplete="organization" />
          </Form.Item>
          <Form.Item name="email" label={t('signIn.email')} rules={[{ required: true }]}>
            <Input type="email" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              title={t('signIn.failed')}
              description={error}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" loading={loading} block>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
