// Registers a customer from the list: a person (first and last name) or a company (legal name),
// optionally with an e-mail. Errors of the gateway are shown at the field they name; possible
// duplicates the gateway reports are listed with a link, the registration itself still stands.
import { useMutation } from '@apollo/client/react';
import { Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';

const RegisterCustomer = graphql(`
  mutation ConsoleRegisterCustomer($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) {
      customerId
      result {
        position
      }
    }
  }
`);

interface NewCustomerForm {
  kind: 'PERSON' | 'COMPANY';
  firstName?: string;
  lastName?: string;
  legalName?: string;
  email?: string;
}

/** The gateway's field paths to this form's fields (the e-mail is the first contact). */
const FORM_FIELD_OF: Record<string, keyof NewCustomerForm> = {
  'person.firstName': 'firstName',
  'person.lastName': 'lastName',
  'company.legalName': 'legalName',
  'contacts.0.email': 'email',
  'contacts[0].email': 'email',
};

export function NewCustomer(props: {
  /** Called with the name to search for and the position to read the list at. */
  onCreated: (name: string, position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // One key per opened dialog: a double submit registers one customer.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [register, { loading }] = useMutation(RegisterCustomer);
  const [form] = Form.useForm<NewCustomerForm>();
  const kind = Form.useWatch('kind', form) ?? 'PERSON';

  const submit = async (values: NewCustomerForm) => {
    setErrors({});
    const email = values.email?.trim();
    try {
      const result = await register({
        variables: {
          input: {
            ...(values.kind === 'PERSON'
              ? {
                  person: {
                    firstName: values.firstName?.trim() ?? '',
                    lastName: values.lastName?.trim() ?? '',
                  },
                }
              : { company: { legalName: values.legalName?.trim() ?? '' } }),
            ...(email ? { contacts: [{ email, primary: true }] } : {}),
            idempotencyKey: `console-register-${attempt}`,
          },
        },
      });
      const created = result.data?.registerCustomer;
      if (!created) return;
      const name =
        values.kind === 'PERSON' ? (values.lastName?.trim() ?? '') : (values.legalName ?? '');
      props.onCreated(name.trim(), created.result.position);
      setOpen(false);
      form.resetFields();
      setAttempt(crypto.randomUUID());
    } catch (e) {
      const byPath = formErrorsOf(e);
      const byField: Record<string, string> = {};
      for (const [path, text] of Object.entries(byPath)) byField[FORM_FIELD_OF[path] ?? ''] = text;
      setErrors(byField);
    }
  };

  const field = (name: keyof NewCustomerForm, label: string, required = true) => (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, whitespace: true }] : []}
      {...fieldStatus(errors, name)}
    >
      <Input autoComplete="off" />
    </Form.Item>
  );

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t('customers.new')}
      </Button>
      <Modal
        open={open}
        title={t('customers.new')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={loading}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
      >
        <Form<NewCustomerForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'PERSON' }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="kind" label={t('customers.kind')}>
            <Radio.Group
              options={[
                { value: 'PERSON', label: t('customers.person') },
                { value: 'COMPANY', label: t('customers.company') },
              ]}
            />
          </Form.Item>
          {kind === 'PERSON' ? (
            <>
              {field('firstName', t('customer.firstName'))}
              {field('lastName', t('customer.lastName'))}
            </>
          ) : (
            field('legalName', t('customer.legalName'))
          )}
          {field('email', t('customer.email'), false)}
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}
